//! The shared texts of the portal: the frame around every page, the home page, errors.
//!
//! Dutch first (B1 for what patients read), English second. Plain texts are keys of [`T`];
//! texts with placeholders are functions whose arguments are the placeholders.

crate::texts! {
    AppName { nl: "Meetpunt", en: "Meetpunt" }
    Tagline {
        nl: "Vragenlijsten en thuismetingen voor uw zorgverleners",
        en: "Questionnaires and home measurements for your care team",
    }
    SkipToContent { nl: "Naar de inhoud", en: "Skip to content" }
    MainNavigation { nl: "Hoofdmenu", en: "Main menu" }
    NavHome { nl: "Start", en: "Home" }
    NavCatalogue { nl: "Vragenlijsten", en: "Questionnaires" }
    NavPatients { nl: "Patiënten", en: "Patients" }
    NavRequests { nl: "Verzoeken", en: "Requests" }
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
    HomeCatalogueLink {
        nl: "Bekijk welke vragenlijsten er zijn",
        en: "See which questionnaires are available",
    }
    HomeNoWatch {
        nl: "Let op: niemand kijkt direct mee. Voelt u zich niet goed? Bel dan uw huisarts, of 112 bij spoed.",
        en: "Please note: nobody is watching your answers as you give them. If you feel unwell, call your GP, or 112 in an emergency.",
    }
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
    ErrorNotSignedIn {
        nl: "U bent niet (meer) ingelogd. Log in en probeer het opnieuw.",
        en: "You are not signed in (any more). Sign in and try again.",
    }
    ErrorCrossSite {
        nl: "Dit verzoek kwam niet van Meetpunt zelf en is geweigerd. Ga terug en probeer het opnieuw.",
        en: "This request did not come from Meetpunt itself and was refused. Go back and try again.",
    }
    Yes { nl: "Ja", en: "Yes" }
    No { nl: "Nee", en: "No" }
    FooterText {
        nl: "Meetpunt is open source. Bij spoed: bel 112. Bij vragen over uw zorg: bel uw huisarts.",
        en: "Meetpunt is open source. In an emergency call 112. For questions about your care, call your GP.",
    }
}
