//! A chart on a page: heading, the drawing, its one-line summary and its values as a table
//! behind a disclosure (open in print), all without JavaScript.

use super::text::T;
use super::Figure;
use crate::ui::use_lang;
use leptos::prelude::*;

/// One figure, under a third-level heading.
#[component]
pub fn ChartFigure(figure: Figure) -> impl IntoView {
    let lang = use_lang();
    let Figure {
        id,
        title,
        summary,
        svg,
        table,
    } = figure;
    let summary_id = super::summary_id(&id);
    let heading_id = format!("grafiek-{id}");
    let columns = table
        .columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells.map(|c| view! { <td>{c}</td> }).collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    view! {
        <figure class="chart-figure" aria-labelledby=heading_id.clone() data-chart=id.clone()>
            <h3 id=heading_id.clone()>{title.clone()}</h3>
            <div class="chart-drawing" inner_html=svg></div>
            <figcaption id=summary_id>{summary}</figcaption>
            <details class="chart-table">
                <summary>{lang.t(T::TableToggle)}</summary>
                <div class="table-scroll">
                    <table class="data">
                        <caption class="visually-hidden">{title}</caption>
                        <thead><tr>{columns}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
