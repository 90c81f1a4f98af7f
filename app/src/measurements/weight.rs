//! The weight rules for daily weighing: more than 2 kg gained within 3 days (heart failure,
//! NHG) and more than 5 % lost within a month. Both limits and both periods are settings.
//!
//! Each day's weight is compared with the lowest (gain) or highest (loss) weight of the days
//! before it within the period: day d is compared with days d−N … d−1. Weights are compared in
//! whole tenths of a kilo, so 80.3 → 82.3 is exactly 2.0 kg and not a gain "of more than 2".

use super::flags::FlagCode;
use super::protocol::date_of;
use super::thresholds::Thresholds;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::VecDeque;

/// One day's weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayWeight<'a> {
    /// Day number (see [`super::protocol::day_number`]).
    pub day: i32,
    /// Weight in tenths of a kilo.
    pub tenths: i64,
    /// The reading it comes from.
    pub reading: &'a str,
}

/// A day on which a weight rule was broken.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeightEpisode<'a> {
    /// The day.
    pub day: Date,
    /// Gain or loss.
    pub code: FlagCode,
    /// Kilos gained (gain) or percent lost (loss), one decimal.
    pub change: f64,
    /// The earlier day it was compared with.
    pub compared_with: Date,
    /// The reading of the day.
    pub reading: &'a str,
}

/// Episodes over a series of days in increasing day order, one weight per day.
pub fn weight_episodes<'a>(series: &[DayWeight<'a>], t: &Thresholds) -> Vec<WeightEpisode<'a>> {
    let gain_limit = (t.weight_gain_kg * 10.0).round() as i64;
    let gain_days = i32::from(t.weight_gain_days);
    let loss_days = i32::from(t.weight_loss_days);
    let mut episodes = Vec::new();
    // Indices of earlier days, weights increasing (front = lowest) and decreasing (front =
    // highest); each index enters and leaves once, so the whole series is linear.
    let mut lowest: VecDeque<usize> = VecDeque::new();
    let mut highest: VecDeque<usize> = VecDeque::new();
    for (i, today) in series.iter().enumerate() {
        if i > 0 {
            let prev = series[i - 1].tenths;
            while lowest.back().is_some_and(|&j| series[j].tenths >= prev) {
                lowest.pop_back();
            }
            lowest.push_back(i - 1);
            while highest.back().is_some_and(|&j| series[j].tenths <= prev) {
                highest.pop_back();
            }
            highest.push_back(i - 1);
        }
        while lowest
            .front()
            .is_some_and(|&j| series[j].day < today.day - gain_days)
        {
            lowest.pop_front();
        }
        while highest
            .front()
            .is_some_and(|&j| series[j].day < today.day - loss_days)
        {
            highest.pop_front();
        }
        if let Some(&j) = lowest.front() {
            let gained = today.tenths - series[j].tenths;
            if gained > gain_limit {
                episodes.push(WeightEpisode {
                    day: date_of(today.day),
                    code: FlagCode::WeightGain,
                    change: gained as f64 / 10.0,
                    compared_with: date_of(series[j].day),
                    reading: today.reading,
                });
            }
        }
        if let Some(&j) = highest.front() {
            let top = series[j].tenths;
            // Multiply first: whole tenths times 100 are exact, so exactly 5 % stays 5.
            let percent = ((top - today.tenths) * 100) as f64 / top as f64;
            if percent > t.weight_loss_percent {
                episodes.push(WeightEpisode {
                    day: date_of(today.day),
                    code: FlagCode::WeightLoss,
                    change: (percent * 10.0).round() / 10.0,
                    compared_with: date_of(series[j].day),
                    reading: today.reading,
                });
            }
        }
    }
    episodes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(weights: &[(i32, f64)]) -> Vec<DayWeight<'static>> {
        weights
            .iter()
            .map(|&(day, kg)| DayWeight {
                day,
                tenths: (kg * 10.0).round() as i64,
                reading: "r",
            })
            .collect()
    }

    fn codes(weights: &[(i32, f64)]) -> Vec<(i32, FlagCode, f64)> {
        weight_episodes(&series(weights), &Thresholds::default())
            .into_iter()
            .map(|e| (super::super::protocol::day_number(e.day), e.code, e.change))
            .collect()
    }

    #[test]
    fn exactly_two_kilos_in_three_days_is_not_more_than_two() {
        assert_eq!(codes(&[(0, 80.3), (3, 82.3)]), vec![]);
        assert_eq!(
            codes(&[(0, 80.3), (3, 82.4)]),
            vec![(3, FlagCode::WeightGain, 2.1)]
        );
    }

    #[test]
    fn a_gain_is_measured_from_the_lowest_of_the_three_days_before() {
        // Day 1 is the lowest of days 1–3 before day 4: 83.2 − 81.0 = 2.2 kg.
        assert_eq!(
            codes(&[(0, 80.0), (1, 81.0), (2, 82.0), (3, 82.5), (4, 83.2)]),
            vec![
                (3, FlagCode::WeightGain, 2.5),
                (4, FlagCode::WeightGain, 2.2)
            ]
        );
    }

    #[test]
    fn a_gain_over_four_days_does_not_count() {
        assert_eq!(codes(&[(0, 80.0), (4, 82.5)]), vec![]);
    }

    #[test]
    fn a_loss_of_more_than_five_percent_within_thirty_days_counts() {
        // 100.0 → 94.9 is 5.1 % lost; 100.0 → 95.0 is exactly 5 %, not more.
        assert_eq!(codes(&[(0, 100.0), (30, 95.0)]), vec![]);
        assert_eq!(
            codes(&[(0, 100.0), (30, 94.9)]),
            vec![(30, FlagCode::WeightLoss, 5.1)]
        );
        assert_eq!(codes(&[(0, 100.0), (31, 90.0)]), vec![]);
    }
}
