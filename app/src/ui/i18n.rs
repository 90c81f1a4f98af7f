//! Every user-facing string, in Dutch and English, in one place.
//!
//! Components never hard-code text: they ask for a [`T`] key in the current [`Lang`].
//! Dutch is the default; the language is chosen with a cookie and applied on the next page load.

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
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
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
    pub fn t(self, key: T) -> &'static str {
        key.text(self)
    }
}

macro_rules! strings {
    ($($(#[$doc:meta])* $key:ident { nl: $nl:expr, en: $en:expr $(,)? })*) => {
        /// A user-facing text; see [`Lang::t`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T {
            $($(#[$doc])* $key,)*
        }

        impl T {
            /// Every key, for completeness tests.
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            /// The text of this key in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Nl) => $nl, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

strings! {
    AppName { nl: "Meetpunt", en: "Meetpunt" }
    Tagline {
        nl: "Vragenlijsten en thuismetingen voor uw zorgverleners",
        en: "Questionnaires and home measurements for your care team",
    }
    SkipToContent { nl: "Naar de inhoud", en: "Skip to content" }
    MainNavigation { nl: "Hoofdmenu", en: "Main menu" }
    NavHome { nl: "Start", en: "Home" }
    NavCatalogue { nl: "Vragenlijsten", en: "Questionnaires" }
    LanguageLabel { nl: "Taal", en: "Language" }
    SwitchLanguage { nl: "Switch to English", en: "Naar Nederlands" }
    HomeTitle { nl: "Welkom bij Meetpunt", en: "Welcome to Meetpunt" }
    HomeIntro {
        nl: "Uw huisarts, wijkverpleging of thuiszorg kan u vragen een vragenlijst in te vullen of thuis iets te meten, zoals uw bloeddruk. Dat doet u hier. U krijgt daarvoor een link in een e-mail.",
        en: "Your GP, district nurse or home care team may ask you to fill in a questionnaire or to measure something at home, such as your blood pressure. You do that here, through a link you receive by email.",
    }
    HomeCarer {
        nl: "Helpt u iemand als mantelzorger? Dan kunt u namens die persoon antwoorden, als die persoon u daarvoor toestemming heeft gegeven.",
        en: "Do you help someone as an informal carer? Then you can answer on their behalf, once they have given you permission.",
    }
    HomeCatalogueLink { nl: "Bekijk welke vragenlijsten er zijn", en: "See which questionnaires are available" }
    HomeNoWatch {
        nl: "Let op: niemand kijkt direct mee. Voelt u zich niet goed? Bel dan uw huisarts, of 112 bij spoed.",
        en: "Please note: nobody is watching your answers as you give them. If you feel unwell, call your GP, or 112 in an emergency.",
    }
    CatalogueTitle { nl: "Vragenlijsten", en: "Questionnaires" }
    CatalogueIntro {
        nl: "Deze vragenlijsten kan uw zorgverlener u sturen.",
        en: "These are the questionnaires your care team can send you.",
    }
    CatalogueEmpty { nl: "Er zijn nog geen vragenlijsten.", en: "There are no questionnaires yet." }
    CatalogueLoading { nl: "Vragenlijsten laden…", en: "Loading questionnaires…" }
    ColumnTitle { nl: "Naam", en: "Name" }
    ColumnVersion { nl: "Versie", en: "Version" }
    ColumnSource { nl: "Bron", en: "Source" }
    ColumnLicence { nl: "Licentie", en: "Licence" }
    ColumnItems { nl: "Aantal vragen", en: "Number of questions" }
    NotFoundTitle { nl: "Pagina niet gevonden", en: "Page not found" }
    NotFoundBody {
        nl: "Deze pagina bestaat niet (meer). Controleer het adres, of ga terug naar de startpagina.",
        en: "This page does not exist (any more). Check the address, or go back to the home page.",
    }
    BackHome { nl: "Naar de startpagina", en: "Go to the home page" }
    ErrorTitle { nl: "Er ging iets mis", en: "Something went wrong" }
    ErrorUnavailable {
        nl: "Meetpunt is even niet bereikbaar. Probeer het over een paar minuten opnieuw. Uw eerdere antwoorden zijn bewaard.",
        en: "Meetpunt is unavailable for a moment. Please try again in a few minutes. Your earlier answers have been kept.",
    }
    ErrorInternal {
        nl: "Er ging bij ons iets mis. Probeer het later opnieuw. Blijft dit gebeuren? Neem dan contact op met uw zorgverlener.",
        en: "Something went wrong on our side. Please try again later. If this keeps happening, contact your care team.",
    }
    ErrorBadRequest {
        nl: "Dit verzoek klopt niet. Ga terug en probeer het opnieuw.",
        en: "This request is not valid. Go back and try again.",
    }
    ErrorForbidden {
        nl: "U heeft geen toegang tot deze pagina.",
        en: "You do not have access to this page.",
    }
    PreviewBack { nl: "Terug naar alle vragenlijsten", en: "Back to all questionnaires" }
    PreviewNotice {
        nl: "Voorbeeld: zo ziet de patiënt deze vragenlijst. Wat u hier invult, wordt niet bewaard.",
        en: "Preview: this is how the patient sees this questionnaire. Nothing you fill in here is saved.",
    }
    PreviewFormLabel { nl: "Voorbeeld van de vragen", en: "Preview of the questions" }
    PreviewRequired { nl: "verplicht", en: "required" }
    PreviewConditional {
        nl: "Deze vraag ziet de patiënt alleen bij bepaalde antwoorden op eerdere vragen.",
        en: "The patient only sees this question after certain answers to earlier questions.",
    }
    Yes { nl: "Ja", en: "Yes" }
    No { nl: "Nee", en: "No" }
    FieldRequired { nl: "Beantwoord deze vraag.", en: "Please answer this question." }
    FieldUnknown {
        nl: "Deze vraag hoort niet bij deze vragenlijst.",
        en: "This question is not part of this questionnaire.",
    }
    FieldNoAnswer { nl: "Bij deze tekst hoort geen antwoord.", en: "This text does not take an answer." }
    FieldWrongType { nl: "Dit antwoord past niet bij de vraag.", en: "This answer does not fit the question." }
    FieldUnknownOption { nl: "Kies een van de antwoorden.", en: "Choose one of the answers." }
    FieldOneAnswer { nl: "Kies één antwoord.", en: "Choose one answer." }
    FieldBelowMin { nl: "Vul een getal in van {min} of hoger.", en: "Enter a number of {min} or more." }
    FieldAboveMax { nl: "Vul een getal in van {max} of lager.", en: "Enter a number of {max} or less." }
    FieldWholeNumber { nl: "Vul een heel getal in, zonder komma.", en: "Enter a whole number, without decimals." }
    FieldDate { nl: "Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-2025.", en: "Enter a date as day-month-year, for example 31-12-2025." }
    FieldTooLong { nl: "Dit antwoord is te lang (hoogstens {max} tekens).", en: "This answer is too long (at most {max} characters)." }
    FooterText {
        nl: "Meetpunt is open source. Bij spoed: bel 112. Bij vragen over uw zorg: bel uw huisarts.",
        en: "Meetpunt is open source. In an emergency call 112. For questions about your care, call your GP.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_every_language() {
        for key in T::ALL {
            for lang in Lang::ALL {
                assert!(
                    !key.text(lang).trim().is_empty(),
                    "{key:?} is empty in {lang:?}"
                );
            }
        }
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
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }
}
