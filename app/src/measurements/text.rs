//! The texts of home measurements: kinds and units, input messages, entry rules and the advice that comes with a flag.
//!
//! Dutch first (B1 for what patients read), English second. Plain texts are keys of [`T`];
//! texts with placeholders are functions whose arguments are the placeholders.

crate::texts! {
    ProtocolBloodPressureWeek {
        nl: "een week lang thuis uw bloeddruk meten",
        en: "a week of measuring your blood pressure at home",
    }
    ProtocolDailyWeight { nl: "elke dag uw gewicht", en: "your weight every day" }
    ProtocolGlucoseDayCurve {
        nl: "een dagcurve van uw bloedsuiker",
        en: "a day curve of your blood sugar",
    }
    ProtocolFreeSeries { nl: "een reeks metingen", en: "a series of measurements" }
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
    MeasureNotWhole {
        nl: "Vul een heel getal in, zonder punt of komma.",
        en: "Enter a whole number, without a point or comma.",
    }
    MeasureTooManyDecimals {
        nl: "Gebruik hoogstens één cijfer na de komma, bijvoorbeeld 72,5.",
        en: "Use at most one digit after the decimal point, for example 72.5.",
    }
    MeasureNoUnit { nl: "Vul alleen het getal in.", en: "Enter the number only." }
    MeasureSystolicNotAbove {
        nl: "De bovendruk (het hoogste getal) moet hoger zijn dan de onderdruk. Kijk nog eens op uw meter.",
        en: "The upper pressure (the higher number) must be higher than the lower pressure. Please check your meter again.",
    }
    MeasureWrongShape {
        nl: "Deze waarde past niet bij deze meting.",
        en: "This value does not fit this measurement.",
    }
    EntryInFuture {
        nl: "Deze tijd ligt in de toekomst. Vul in wanneer u gemeten heeft.",
        en: "This time is in the future. Enter when you took the measurement.",
    }
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
    EntryDateUnreadable {
        nl: "Vul de dag in zoals 30-11-2026.",
        en: "Enter the day like 30-11-2026.",
    }
    EntryTimeUnreadable {
        nl: "Vul de tijd in zoals 8:30 of 20:15.",
        en: "Enter the time like 8:30 or 20:15.",
    }
    EntryTimeMissing {
        nl: "Vul ook de tijd in waarop u gemeten heeft.",
        en: "Please also enter the time you took the measurement.",
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
}

crate::text_fns! {
    fn measure_not_a_number(min: &str, max: &str, unit: &str) {
        nl: "Vul een getal in, van {min} tot en met {max}{unit}.",
        en: "Enter a number from {min} to {max}{unit}.",
    }
    fn measure_below_min(min: &str, unit: &str) {
        nl: "Vul een waarde in van {min}{unit} of meer.",
        en: "Enter a value of {min}{unit} or more.",
    }
    fn measure_above_max(max: &str, unit: &str) {
        nl: "Vul een waarde in van {max}{unit} of minder.",
        en: "Enter a value of {max}{unit} or less.",
    }
    fn measure_looks_like_mg_dl(mmol: &str) {
        nl: "Dit lijkt een waarde in mg/dL (dat is ongeveer {mmol} mmol/L). Meetpunt gebruikt mmol/L. Kijk welke eenheid uw meter laat zien en vul de waarde in mmol/L in. Twijfelt u? Vraag het uw praktijk.",
        en: "This looks like a value in mg/dL (about {mmol} mmol/L). Meetpunt uses mmol/L. Check which unit your meter shows and enter the value in mmol/L. Not sure? Ask your practice.",
    }
    fn measure_wrong_unit(unit: &str) {
        nl: "Vul het getal in {unit} in, of laat de eenheid weg.",
        en: "Enter the number in {unit}, or leave out the unit.",
    }
    fn entry_too_long(max: usize) {
        nl: "Deze tekst is te lang: hoogstens {max} tekens.",
        en: "This text is too long: at most {max} characters.",
    }
}

crate::plural_fns! {
    fn entry_too_long_ago(days) {
        nl: [
            "U kunt metingen invullen tot {days} dag terug. Deze meting is ouder.",
            "U kunt metingen invullen tot {days} dagen terug. Deze meting is ouder.",
        ],
        en: [
            "You can enter measurements up to {days} day back. This one is older.",
            "You can enter measurements up to {days} days back. This one is older.",
        ],
    }
}
