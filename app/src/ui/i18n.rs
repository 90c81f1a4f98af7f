//! Languages and the machinery for user-facing text, in Dutch and English.
//!
//! Components never hard-code text. Each feature keeps its own texts in a `text.rs`
//! (`ui::text`, `access::text`, `questionnaires::text`, `measurements::text`; mail templates
//! in `mail`), declared with three macros:
//! - [`texts!`](crate::texts) for plain texts: an enum `T` whose keys [`Lang::t`] translates;
//! - [`text_fns!`](crate::text_fns) for texts with placeholders: one function per text, whose
//!   arguments are the placeholders, so a misspelt or forgotten placeholder does not compile;
//! - [`plural_fns!`](crate::plural_fns) for texts about a number: a form for one and a form
//!   for more ("1 minuut", "2 minuten").
//!
//! Dutch is the default; the language is chosen with a cookie and applied on the next page
//! load.

use serde::{Deserialize, Serialize};

/// A language the portal speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

/// Name of the cookie that holds the chosen language.
pub const LANG_COOKIE: &str = "meetpunt_lang";

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The BCP 47 code used in `<html lang>` and in the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses a language code; unknown codes give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nl" | "nl-nl" | "nl-be" => Some(Lang::Nl),
            "en" | "en-gb" | "en-us" => Some(Lang::En),
            _ => None,
        }
    }

    /// Reads the language from a `Cookie` header value; Dutch when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Lang {
        super::cookie_value(header, LANG_COOKIE)
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }

    /// The language the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    /// Translates a key into this language.
    pub fn t<K: Key>(self, key: K) -> &'static str {
        key.text(self)
    }

    /// Translates a key and fills its `{name}` placeholders from data (unknown names stay as
    /// they are). Only for texts whose values are chosen by data, such as the advice of a
    /// flag with the limits that flag carries; code uses the typed functions of
    /// [`text_fns!`](crate::text_fns) instead.
    pub fn fill<K: Key>(self, key: K, args: &[(&str, &str)]) -> String {
        let template = self.t(key);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').and_then(|close| {
                let name = &after[..close];
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, value)| (close, *value))
            }) {
                Some((close, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A date as people write it: "30 november 2026" in Dutch, "30 November 2026" in English.
    pub fn date(self, date: jiff::civil::Date) -> String {
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = usize::try_from(date.month() - 1)
            .unwrap_or_default()
            .min(11);
        let name = match self {
            Lang::Nl => NL[month],
            Lang::En => EN[month],
        };
        format!("{} {name} {}", date.day(), date.year())
    }

    /// A moment on the Dutch clock: "30 november 2026 08:05".
    pub fn moment(self, at: jiff::Timestamp) -> String {
        let local = crate::measurements::clock::local(at);
        format!(
            "{} {}",
            self.date(local.date()),
            local.time().strftime("%H:%M")
        )
    }

    /// A number as people write it here: no needless decimals, and a decimal comma in Dutch.
    pub fn number(self, value: f64) -> String {
        let text = if value.fract() == 0.0 && value.abs() < 1e15 {
            (value as i64).to_string()
        } else {
            // Shortest form that reads back as the same value (0.1 + 0.2 prints 0.3).
            let rounded = (value * 1e6).round() / 1e6;
            format!("{rounded}")
        };
        match self {
            Lang::Nl => text.replace('.', ","),
            Lang::En => text,
        }
    }
}

/// A text in Dutch and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Dutch (B1 level for patient-facing text).
    pub nl: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// A key of a feature's plain texts.
pub trait Key: Copy + std::fmt::Debug + 'static {
    /// Every key, for the completeness tests.
    const ALL: &'static [Self];

    /// The text of this key in `lang`.
    fn text(self, lang: Lang) -> &'static str;
}

/// A text with placeholders, as declared (for the completeness tests).
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// The function's name.
    pub name: &'static str,
    /// Its arguments, which are the placeholders.
    pub args: &'static [&'static str],
    /// The Dutch forms (one, or one and more for a plural).
    pub nl: &'static [&'static str],
    /// The English forms.
    pub en: &'static [&'static str],
}

/// Declares a feature's plain texts as `pub enum T`.
#[macro_export]
macro_rules! texts {
    ($($(#[$doc:meta])* $key:ident { nl: $nl:literal, en: $en:literal $(,)? })*) => {
        /// A user-facing text of this feature; see [`Lang::t`]($crate::ui::i18n::Lang::t).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T {
            $($(#[$doc])* $key,)*
        }

        impl $crate::ui::i18n::Key for T {
            const ALL: &'static [T] = &[$(T::$key,)*];

            fn text(self, lang: $crate::ui::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (T::$key, $crate::ui::i18n::Lang::Nl) => $nl,
                        (T::$key, $crate::ui::i18n::Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

/// Declares texts with placeholders, each as a function whose arguments are its
/// placeholders. Both languages must use every argument: anything else does not compile.
#[macro_export]
macro_rules! text_fns {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),+ $(,)?) {
        nl: $nl:literal, en: $en:literal $(,)?
    })*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("Dutch: ", $nl)]
            pub fn $name(lang: $crate::ui::i18n::Lang, $($arg: $ty),+) -> String {
                match lang {
                    $crate::ui::i18n::Lang::Nl => format!($nl, $($arg = $arg),+),
                    $crate::ui::i18n::Lang::En => format!($en, $($arg = $arg),+),
                }
            }
        )*

        /// The texts with placeholders of this feature, for the completeness tests.
        pub const TEMPLATES: &[$crate::ui::i18n::Template] = &[$(
            $crate::ui::i18n::Template {
                name: stringify!($name),
                args: &[$(stringify!($arg)),+],
                nl: &[$nl],
                en: &[$en],
            },
        )*];
    };
}

/// Declares texts about a number `n`, each with a form for one and a form for more, as a
/// function of the number. Both forms in both languages must use the number.
#[macro_export]
macro_rules! plural_fns {
    ($($(#[$doc:meta])* fn $name:ident($n:ident) {
        nl: [$nl_one:literal, $nl_more:literal $(,)?], en: [$en_one:literal, $en_more:literal $(,)?] $(,)?
    })*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("Dutch: ", $nl_more)]
            pub fn $name(lang: $crate::ui::i18n::Lang, $n: u64) -> String {
                match (lang, $n == 1) {
                    ($crate::ui::i18n::Lang::Nl, true) => format!($nl_one, $n = $n),
                    ($crate::ui::i18n::Lang::Nl, false) => format!($nl_more, $n = $n),
                    ($crate::ui::i18n::Lang::En, true) => format!($en_one, $n = $n),
                    ($crate::ui::i18n::Lang::En, false) => format!($en_more, $n = $n),
                }
            }
        )*

        /// The texts about a number of this feature, for the completeness tests.
        pub const PLURAL_TEMPLATES: &[$crate::ui::i18n::Template] = &[$(
            $crate::ui::i18n::Template {
                name: stringify!($name),
                args: &[stringify!($n)],
                nl: &[$nl_one, $nl_more],
                en: &[$en_one, $en_more],
            },
        )*];
    };
}

/// The `{name}` placeholders of a text, sorted and without repeats.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every plain text is there in both languages, with the same placeholders.
    fn check_keys<K: Key>() -> usize {
        for key in K::ALL {
            for lang in Lang::ALL {
                assert!(
                    !key.text(lang).trim().is_empty(),
                    "{key:?} is empty in {lang:?}"
                );
            }
            assert_eq!(
                placeholders(key.text(Lang::Nl)),
                placeholders(key.text(Lang::En)),
                "{key:?}: the placeholders differ between Dutch and English"
            );
        }
        K::ALL.len()
    }

    /// Every text with placeholders uses exactly its arguments, in every form and language.
    fn check_templates(templates: &[Template]) -> usize {
        for t in templates {
            let mut args = t.args.to_vec();
            args.sort_unstable();
            for text in t.nl.iter().chain(t.en) {
                assert!(!text.trim().is_empty(), "{} is empty", t.name);
                assert_eq!(placeholders(text), args, "{}: {text}", t.name);
            }
            assert_eq!(t.nl.len(), t.en.len(), "{}", t.name);
        }
        templates.len()
    }

    #[test]
    fn every_dutch_text_has_an_english_one_with_the_same_placeholders() {
        let plain = check_keys::<crate::ui::text::T>()
            + check_keys::<crate::access::text::T>()
            + check_keys::<crate::access::second_factor::text::T>()
            + check_keys::<crate::carers::text::T>()
            + check_keys::<crate::questionnaires::text::T>()
            + check_keys::<crate::measurements::text::T>()
            + check_keys::<crate::mail::text::T>()
            + check_keys::<crate::requests::text::T>()
            + check_keys::<crate::audit::mine::text::T>()
            + check_keys::<crate::charts::text::T>()
            + check_keys::<crate::patients::text::T>()
            + check_keys::<crate::patients::record::T>()
            + check_keys::<crate::organisations::members::T>()
            + check_keys::<crate::organisations::invitations::T>();
        let typed = check_templates(crate::questionnaires::text::TEMPLATES)
            + check_templates(crate::measurements::text::TEMPLATES)
            + check_templates(crate::measurements::text::PLURAL_TEMPLATES)
            + check_templates(crate::access::text::TEMPLATES)
            + check_templates(crate::access::text::PLURAL_TEMPLATES)
            + check_templates(crate::access::second_factor::text::TEMPLATES)
            + check_templates(crate::carers::text::TEMPLATES)
            + check_templates(crate::mail::text::TEMPLATES)
            + check_templates(crate::requests::text::TEMPLATES)
            + check_templates(crate::requests::text::PLURAL_TEMPLATES)
            + check_templates(crate::charts::text::TEMPLATES)
            + check_templates(crate::patients::text::TEMPLATES)
            + check_templates(crate::organisations::members::TEMPLATES)
            + check_templates(crate::patients::record::TEMPLATES)
            + check_templates(crate::organisations::invitations::TEMPLATES);
        assert!(plain > 100, "{plain}");
        assert!(typed >= 15, "{typed}");
        assert_eq!(placeholders("a {b} {c} {b}"), ["b", "c"]);
    }

    #[test]
    fn plurals_choose_their_form_by_the_number() {
        use crate::access::text::sign_in_locked;
        assert!(sign_in_locked(Lang::Nl, 1).contains("over 1 minuut opnieuw"));
        assert!(sign_in_locked(Lang::Nl, 15).contains("over 15 minuten opnieuw"));
        assert!(sign_in_locked(Lang::En, 1).contains("in 1 minute."));
        assert!(sign_in_locked(Lang::En, 0).contains("in 0 minutes."));
    }

    #[test]
    fn the_language_cookie_is_read_among_other_cookies() {
        assert_eq!(
            Lang::from_cookie_header("a=1; meetpunt_lang=en; b=2"),
            Lang::En
        );
        assert_eq!(Lang::from_cookie_header("meetpunt_lang=nl"), Lang::Nl);
    }

    #[test]
    fn an_unknown_or_missing_language_falls_back_to_dutch() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Nl);
        assert_eq!(Lang::from_cookie_header("meetpunt_lang=fr"), Lang::Nl);
        assert_eq!(Lang::from_cookie_header("other_lang=en"), Lang::Nl);
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(
            Lang::Nl.date(jiff::civil::date(2026, 11, 30)),
            "30 november 2026"
        );
        assert_eq!(
            Lang::En.date(jiff::civil::date(2027, 1, 1)),
            "1 January 2027"
        );
    }

    #[test]
    fn numbers_use_a_decimal_comma_in_dutch_only() {
        assert_eq!(Lang::Nl.number(72.5), "72,5");
        assert_eq!(Lang::En.number(72.5), "72.5");
        assert_eq!(Lang::Nl.number(135.0), "135");
        assert_eq!(Lang::En.number(0.1 + 0.2), "0.3");
        assert_eq!(Lang::Nl.number(-4.0), "-4");
    }

    #[test]
    fn placeholders_are_filled_from_data() {
        use crate::measurements::text::T;
        let filled = Lang::En.fill(T::AdviceFever, &[("value", "38,5")]);
        assert!(
            filled.starts_with("Your temperature was 38,5 °C."),
            "{filled}"
        );
        // A value is never scanned again, and unknown placeholders stay visible.
        let again = Lang::En.fill(T::AdviceFever, &[("value", "{value}")]);
        assert!(
            again.starts_with("Your temperature was {value} °C."),
            "{again}"
        );
        let missing = Lang::En.fill(T::AdviceFever, &[]);
        assert!(missing.contains("{value}"), "{missing}");
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }
}
