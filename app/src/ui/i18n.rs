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
    pub fn t(self, key: T) -> &'static str {
        key.text(self)
    }

    /// Translates a key and fills its `{name}` placeholders (unknown names stay as they are).
    pub fn fill(self, key: T, args: &[(&str, &str)]) -> String {
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
    ErrorNotSignedIn {
        nl: "U bent niet (meer) ingelogd. Log in en probeer het opnieuw.",
        en: "You are not signed in (any more). Sign in and try again.",
    }
    ErrorCrossSite {
        nl: "Dit verzoek kwam niet van Meetpunt zelf en is geweigerd. Ga terug en probeer het opnieuw.",
        en: "This request did not come from Meetpunt itself and was refused. Go back and try again.",
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
    KindBloodPressure { nl: "Bloeddruk", en: "Blood pressure" }
    KindSystolic { nl: "Bovendruk", en: "Systolic (upper) pressure" }
    KindDiastolic { nl: "Onderdruk", en: "Diastolic (lower) pressure" }
    KindHeartRate { nl: "Hartslag", en: "Heart rate" }
    KindBodyWeight { nl: "Gewicht", en: "Weight" }
    KindBodyHeight { nl: "Lengte", en: "Height" }
    KindGlucose { nl: "Bloedsuiker", en: "Blood sugar" }
    KindOxygenSaturation { nl: "Zuurstof in het bloed", en: "Oxygen in the blood" }
    KindBodyTemperature { nl: "Lichaamstemperatuur", en: "Body temperature" }
    KindRespiratoryRate { nl: "Ademhalingen per minuut", en: "Breaths per minute" }
    KindPeakFlow { nl: "Piekstroom (peakflow)", en: "Peak flow" }
    KindPain { nl: "Pijn (0 tot 10)", en: "Pain (0 to 10)" }
    KindSteps { nl: "Stappen per dag", en: "Steps per day" }
    KindInr { nl: "INR (stollingswaarde)", en: "INR (clotting value)" }
    UnitMmHg { nl: "mmHg", en: "mmHg" }
    UnitPerMinute { nl: "per minuut", en: "per minute" }
    UnitKg { nl: "kg", en: "kg" }
    UnitCm { nl: "cm", en: "cm" }
    UnitMmolL { nl: "mmol/L", en: "mmol/L" }
    UnitPercent { nl: "%", en: "%" }
    UnitCelsius { nl: "°C", en: "°C" }
    UnitLitrePerMinute { nl: "liter per minuut", en: "litres per minute" }
    UnitSteps { nl: "stappen", en: "steps" }
    MeasureEmpty { nl: "Vul een waarde in.", en: "Please enter a value." }
    MeasureNotANumber {
        nl: "Vul een getal in, van {min} tot en met {max}{unit}.",
        en: "Enter a number from {min} to {max}{unit}.",
    }
    MeasureNotWhole {
        nl: "Vul een heel getal in, zonder punt of komma.",
        en: "Enter a whole number, without a point or comma.",
    }
    MeasureTooManyDecimals {
        nl: "Gebruik hoogstens één cijfer na de komma, bijvoorbeeld 72,5.",
        en: "Use at most one digit after the decimal point, for example 72.5.",
    }
    MeasureBelowMin { nl: "Vul een waarde in van {min}{unit} of meer.", en: "Enter a value of {min}{unit} or more." }
    MeasureAboveMax { nl: "Vul een waarde in van {max}{unit} of minder.", en: "Enter a value of {max}{unit} or less." }
    MeasureLooksLikeMgDl {
        nl: "Dit lijkt een waarde in mg/dL (dat is ongeveer {mmol} mmol/L). Meetpunt gebruikt mmol/L. Kijk welke eenheid uw meter laat zien en vul de waarde in mmol/L in. Twijfelt u? Vraag het uw praktijk.",
        en: "This looks like a value in mg/dL (about {mmol} mmol/L). Meetpunt uses mmol/L. Check which unit your meter shows and enter the value in mmol/L. Not sure? Ask your practice.",
    }
    MeasureWrongUnit { nl: "Vul het getal in {unit} in, of laat de eenheid weg.", en: "Enter the number in {unit}, or leave out the unit." }
    MeasureNoUnit { nl: "Vul alleen het getal in.", en: "Enter the number only." }
    MeasureSystolicNotAbove {
        nl: "De bovendruk (het hoogste getal) moet hoger zijn dan de onderdruk. Kijk nog eens op uw meter.",
        en: "The upper pressure (the higher number) must be higher than the lower pressure. Please check your meter again.",
    }
    MeasureWrongShape { nl: "Deze waarde past niet bij deze meting.", en: "This value does not fit this measurement." }
    MailTestSubject { nl: "Meetpunt: testbericht", en: "Meetpunt: test message" }
    MailTestBody {
        nl: "Dit is een testbericht van Meetpunt. Komt het aan, dan kan Meetpunt e-mail versturen.",
        en: "This is a test message from Meetpunt. If it arrives, Meetpunt can send email.",
    }
    EntryInFuture {
        nl: "Deze tijd ligt in de toekomst. Vul in wanneer u gemeten heeft.",
        en: "This time is in the future. Enter when you took the measurement.",
    }
    EntryTooLongAgo {
        nl: "U kunt metingen invullen tot {days} dagen terug. Deze meting is ouder.",
        en: "You can enter measurements up to {days} days back. This one is older.",
    }
    EntryTooLong { nl: "Deze tekst is te lang: hoogstens {max} tekens.", en: "This text is too long: at most {max} characters." }
    EntryNotCurrent {
        nl: "Deze meting is intussen al aangepast. Laad de pagina opnieuw en kijk of uw wijziging nog nodig is.",
        en: "This measurement has been changed in the meantime. Reload the page and check whether your change is still needed.",
    }
    EntryKindChanged {
        nl: "Bij een correctie blijft de soort meting hetzelfde. Voer een andere soort meting apart in.",
        en: "A correction keeps the kind of measurement. Enter another kind of measurement separately.",
    }
    EntryReasonRequired {
        nl: "Schrijf kort op waarom u dit verandert.",
        en: "Please write briefly why you are changing this.",
    }
    EntryNotSaved {
        nl: "Deze meting kon niet worden bewaard. Probeer het opnieuw.",
        en: "This measurement could not be saved. Please try again.",
    }
    AdviceSystolicVeryHigh {
        nl: "Uw bovendruk was {value}. Dat is hoog. Ga 5 minuten rustig zitten en meet dan opnieuw. Is de bovendruk dan nog steeds {limit} of hoger? Bel vandaag uw huisartsenpraktijk, of 's avonds en in het weekend de huisartsenpost. Heeft u pijn op de borst, wordt u plotseling benauwd, of kunt u een arm of been niet goed bewegen? Bel dan 112.",
        en: "Your upper pressure was {value}. That is high. Sit quietly for 5 minutes, then measure again. Is it still {limit} or higher? Then call your GP practice today, or the out-of-hours GP service in the evening and at the weekend. If you have chest pain, suddenly become short of breath, or cannot move an arm or leg properly, call 112.",
    }
    AdviceMeanBloodPressureHigh {
        nl: "Het gemiddelde van uw metingen is {value}/{diastolic}. Dat is hoger dan de grens van {limit}/{limit_diastolic}. Dit is meestal geen spoed. Bel uw huisartsenpraktijk om de uitslag te bespreken, als u daarvoor nog geen afspraak heeft.",
        en: "The average of your readings is {value}/{diastolic}. That is above the limit of {limit}/{limit_diastolic}. This is usually not urgent. Call your GP practice to discuss the result, if you do not have an appointment for it yet.",
    }
    AdviceHeartRateLow {
        nl: "Uw hartslag was {value} per minuut. Dat is lager dan {limit}. Voelt u zich duizelig, flauw of benauwd? Bel dan vandaag uw huisartsenpraktijk. Voelt u zich goed? Bespreek het dan bij uw volgende afspraak.",
        en: "Your heart rate was {value} per minute. That is below {limit}. If you feel dizzy, faint or short of breath, call your GP practice today. If you feel well, discuss it at your next appointment.",
    }
    AdviceHeartRateHigh {
        nl: "Uw hartslag was {value} per minuut. Dat is hoger dan {limit}. Ga 5 minuten rustig zitten en meet opnieuw. Blijft uw hartslag hoog, of voelt u zich duizelig of benauwd? Bel dan vandaag uw huisartsenpraktijk. Voelt u zich goed? Bespreek het dan bij uw volgende afspraak.",
        en: "Your heart rate was {value} per minute. That is above {limit}. Sit quietly for 5 minutes and measure again. If it stays high, or you feel dizzy or short of breath, call your GP practice today. If you feel well, discuss it at your next appointment.",
    }
    AdviceWeightGain {
        nl: "U bent in {days} dagen {value} kilo zwaarder geworden. Dat is meer dan {limit} kilo. Dit kan betekenen dat uw lichaam vocht vasthoudt. Bel vandaag uw huisartsenpraktijk of uw hartfalenverpleegkundige. Bent u erg benauwd, ook als u stil zit? Bel dan 112.",
        en: "You have gained {value} kg in {days} days. That is more than {limit} kg. This may mean your body is holding on to fluid. Call your GP practice or your heart failure nurse today. If you are very short of breath, even when sitting still, call 112.",
    }
    AdviceWeightLoss {
        nl: "U bent in de laatste {days} dagen {value} procent afgevallen. Dat is meer dan {limit} procent. Bespreek dit bij uw volgende afspraak met uw huisartsenpraktijk. Maakt u zich zorgen? Bel dan eerder.",
        en: "You have lost {value} percent of your weight in the last {days} days. That is more than {limit} percent. Discuss this at your next appointment with your GP practice. If you are worried, call sooner.",
    }
    AdviceGlucoseLow {
        nl: "Uw bloedsuiker is {value} mmol/L. Dat is te laag (lager dan {limit}). Eet of drink meteen iets met snelle suiker, zoals een glas limonade of 4 tabletten druivensuiker. Meet na 15 minuten opnieuw. Is de waarde dan nog te laag, of voelt u zich niet goed? Bel dan uw huisartsenpraktijk, of 's avonds en in het weekend de huisartsenpost. Wordt iemand suf of verward en kan hij niet meer eten of drinken? Bel 112.",
        en: "Your blood sugar is {value} mmol/L. That is too low (below {limit}). Eat or drink something with fast sugar straight away, such as a glass of fruit juice or 4 glucose tablets. Measure again after 15 minutes. If it is still too low, or you feel unwell, call your GP practice, or the out-of-hours GP service in the evening and at the weekend. If someone becomes drowsy or confused and cannot eat or drink, call 112.",
    }
    AdviceFastingGlucose {
        nl: "Uw nuchtere bloedsuiker was {value} mmol/L. Uw streefwaarde is {low} tot {high}. Dit is meestal geen spoed. Bespreek het bij uw volgende controle. Voelt u zich niet goed, of ziet u dit vaker? Bel dan uw huisartsenpraktijk.",
        en: "Your fasting blood sugar was {value} mmol/L. Your target is {low} to {high}. This is usually not urgent. Discuss it at your next check-up. If you feel unwell, or you see this more often, call your GP practice.",
    }
    AdviceSaturationLow {
        nl: "Het zuurstofgehalte in uw bloed was {value} procent. Dat is {limit} of lager. Ga rustig zitten en meet na een paar minuten opnieuw, met warme handen en zonder nagellak. Is het nog steeds zo laag, of bent u benauwder dan normaal? Bel dan vandaag uw huisartsenpraktijk. Bent u heel erg benauwd? Bel 112.",
        en: "The oxygen level in your blood was {value} percent. That is {limit} or lower. Sit quietly and measure again after a few minutes, with warm hands and without nail polish. If it is still this low, or you are more short of breath than usual, call your GP practice today. If you are very short of breath, call 112.",
    }
    AdviceFever {
        nl: "Uw temperatuur was {value} °C. U heeft koorts. Drink genoeg en rust uit. Voelt u zich erg ziek, wordt u suf of verward, of bent u benauwd? Bel dan uw huisartsenpraktijk, of 's avonds en in het weekend de huisartsenpost.",
        en: "Your temperature was {value} °C. You have a fever. Drink enough and rest. If you feel very ill, become drowsy or confused, or are short of breath, call your GP practice, or the out-of-hours GP service in the evening and at the weekend.",
    }
    AdvicePeakFlowYellow {
        nl: "Uw piekstroom was {value} liter per minuut. Dat is minder dan {percent} procent van uw beste waarde ({best}). Volg de stappen voor de gele zone in uw actieplan. Heeft u geen actieplan, of wordt het niet beter? Bel dan vandaag uw huisartsenpraktijk.",
        en: "Your peak flow was {value} litres per minute. That is less than {percent} percent of your personal best ({best}). Follow the steps for the yellow zone in your action plan. If you have no action plan, or it does not get better, call your GP practice today.",
    }
    AdvicePeakFlowRed {
        nl: "Uw piekstroom was {value} liter per minuut. Dat is minder dan {percent} procent van uw beste waarde ({best}): de rode zone. Volg de stappen voor de rode zone in uw actieplan. Bel meteen uw huisartsenpraktijk, of 's avonds en in het weekend de huisartsenpost. Bent u heel erg benauwd? Bel 112.",
        en: "Your peak flow was {value} litres per minute. That is less than {percent} percent of your personal best ({best}): the red zone. Follow the steps for the red zone in your action plan. Call your GP practice straight away, or the out-of-hours GP service in the evening and at the weekend. If you are very short of breath, call 112.",
    }
    AdvicePainModerate {
        nl: "U gaf uw pijn een {value}. Dat is matige pijn. Neem uw pijnstillers zoals afgesproken. Helpen ze niet genoeg? Bespreek het dan met uw huisartsenpraktijk of wijkverpleegkundige.",
        en: "You scored your pain {value}. That is moderate pain. Take your painkillers as agreed. If they do not help enough, discuss it with your GP practice or district nurse.",
    }
    AdvicePainSevere {
        nl: "U gaf uw pijn een {value}. Dat is veel pijn. Neem uw pijnstillers zoals afgesproken. Helpen ze niet, of is de pijn nieuw of anders dan anders? Bel dan vandaag uw huisartsenpraktijk, of 's avonds en in het weekend de huisartsenpost.",
        en: "You scored your pain {value}. That is severe pain. Take your painkillers as agreed. If they do not help, or the pain is new or different from usual, call your GP practice today, or the out-of-hours GP service in the evening and at the weekend.",
    }
    AdviceInrOutsideTarget {
        nl: "Uw INR was {value}. Uw streefwaarde is {low} tot {high}. Volg de afspraken die u met de trombosedienst heeft gemaakt. Weet u niet wat u moet doen? Bel dan vandaag de trombosedienst of uw huisartsenpraktijk. Heeft u een bloeding die niet stopt? Bel 112.",
        en: "Your INR was {value}. Your target range is {low} to {high}. Follow what you agreed with your anticoagulation clinic. If you do not know what to do, call the anticoagulation clinic or your GP practice today. If you have bleeding that will not stop, call 112.",
    }
    NavSignIn { nl: "Inloggen", en: "Sign in" }
    NavAccount { nl: "Mijn Meetpunt", en: "My Meetpunt" }
    RoleProfessional { nl: "Zorgverlener", en: "Care professional" }
    RolePatient { nl: "Patiënt", en: "Patient" }
    RoleCarer { nl: "Mantelzorger", en: "Informal carer" }
    SignInTitle { nl: "Inloggen", en: "Sign in" }
    SignInIntro {
        nl: "Log in met uw e-mailadres en wachtwoord. Heeft u een e-mail van uw zorgverlener met een link gekregen? Dan hoeft u niet in te loggen: open de link in de e-mail.",
        en: "Sign in with your e-mail address and password. Did your care provider send you an e-mail with a link? Then you do not need to sign in: open the link in the e-mail.",
    }
    SignInAlready { nl: "U bent al ingelogd als {name}.", en: "You are already signed in as {name}." }
    EmailLabel { nl: "E-mailadres", en: "E-mail address" }
    PasswordLabel { nl: "Wachtwoord", en: "Password" }
    SignInButton { nl: "Inloggen", en: "Sign in" }
    SignInForgotten {
        nl: "Wachtwoord vergeten of lukt inloggen niet? Bel uw huisartsenpraktijk of zorgorganisatie. Zij kunnen u helpen.",
        en: "Forgotten your password, or signing in does not work? Call your GP practice or care organisation. They can help you.",
    }
    SignInMissing {
        nl: "Vul uw e-mailadres en uw wachtwoord in.",
        en: "Enter your e-mail address and your password.",
    }
    SignInWrong {
        nl: "Het e-mailadres of het wachtwoord klopt niet. Kijk beide goed na en probeer het opnieuw.",
        en: "The e-mail address or the password is not right. Check both and try again.",
    }
    SignInLocked {
        nl: "Er is te vaak een verkeerd wachtwoord ingevuld. Om uw gegevens te beschermen kunt u over {minutes} minuten opnieuw proberen.",
        en: "A wrong password was entered too often. To protect your data you can try again in {minutes} minutes.",
    }
    SignedOut { nl: "U bent uitgelogd.", en: "You have signed out." }
    SessionExpired {
        nl: "U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in.",
        en: "You were inactive for a while and have been signed out. Please sign in again.",
    }
    SignOutButton { nl: "Uitloggen", en: "Sign out" }
    AccountTitle { nl: "Mijn Meetpunt", en: "My Meetpunt" }
    AccountSignedInAs { nl: "U bent ingelogd als {name}.", en: "You are signed in as {name}." }
    AccountRole { nl: "Rol", en: "Role" }
    AccountOrganisation { nl: "Organisatie", en: "Organisation" }
    AccountNothingOpen {
        nl: "Er staat op dit moment niets voor u klaar.",
        en: "There is nothing waiting for you at the moment.",
    }
    AccountProfessionalNext {
        nl: "U werkt hier voor uw organisatie.",
        en: "You work here for your organisation.",
    }
    PasswordTooShort {
        nl: "Kies een wachtwoord van minstens {min} tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.",
        en: "Choose a password of at least {min} characters. A sentence of a few words is strong and easy to remember.",
    }
    PasswordTooLong { nl: "Een wachtwoord mag hoogstens {max} tekens hebben.", en: "A password may have at most {max} characters." }
    PasswordContainsEmail {
        nl: "Gebruik uw e-mailadres niet in uw wachtwoord.",
        en: "Do not use your e-mail address in your password.",
    }
    PasswordTooSimple {
        nl: "Dit wachtwoord is te makkelijk te raden. Kies bijvoorbeeld een zin van een paar woorden.",
        en: "This password is too easy to guess. Choose, for example, a sentence of a few words.",
    }
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
    fn numbers_use_a_decimal_comma_in_dutch_only() {
        assert_eq!(Lang::Nl.number(72.5), "72,5");
        assert_eq!(Lang::En.number(72.5), "72.5");
        assert_eq!(Lang::Nl.number(135.0), "135");
        assert_eq!(Lang::En.number(0.1 + 0.2), "0.3");
        assert_eq!(Lang::Nl.number(-4.0), "-4");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Lang::En.fill(T::FieldBelowMin, &[("min", "3")]),
            "Enter a number of 3 or more."
        );
        // A value is never scanned again, and unknown placeholders stay visible.
        assert_eq!(
            Lang::En.fill(T::FieldBelowMin, &[("min", "{min}")]),
            "Enter a number of {min} or more."
        );
        assert_eq!(
            Lang::En.fill(T::FieldBelowMin, &[]),
            "Enter a number of {min} or more."
        );
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }
}
