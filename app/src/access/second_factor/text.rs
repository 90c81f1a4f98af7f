//! The texts of the second step of signing in (a code from an app, recovery codes).

crate::texts! {
    CodeTitle { nl: "Code invullen", en: "Enter the code" }
    CodeIntro {
        nl: "Uw wachtwoord klopt. Open de app voor inlogcodes op uw telefoon en vul de code van 6 cijfers in die bij Meetpunt staat.",
        en: "Your password is right. Open the authenticator app on your phone and enter the 6-digit code it shows for Meetpunt.",
    }
    CodeLabel { nl: "Code", en: "Code" }
    CodeHint {
        nl: "De code verandert elke 30 seconden. Telefoon kwijt? Vul dan een van uw herstelcodes in.",
        en: "The code changes every 30 seconds. Lost your phone? Then enter one of your recovery codes.",
    }
    CodeButton { nl: "Inloggen", en: "Sign in" }
    CodeMissing { nl: "Vul de code uit de app in.", en: "Enter the code from the app." }
    CodeWrong {
        nl: "Deze code klopt niet. Kijk of u de code van Meetpunt neemt, en vul de nieuwste code in.",
        en: "This code is not right. Check that you take the code for Meetpunt, and enter the newest code.",
    }
    CodeAgain { nl: "Opnieuw inloggen", en: "Sign in again" }
    SetupTitle { nl: "Inloggen met een code instellen", en: "Set up signing in with a code" }
    SetupIntro {
        nl: "Met een code uit een app op uw telefoon is uw account beter beschermd: wie uw wachtwoord kent, kan dan nog niet inloggen.",
        en: "With a code from an app on your phone your account is better protected: someone who knows your password still cannot sign in.",
    }
    SetupRequired {
        nl: "Zorgverleners loggen altijd in met een code. Stel dit nu eenmalig in.",
        en: "Care professionals always sign in with a code. Set it up once, now.",
    }
    SetupStepApp {
        nl: "Zet een app voor inlogcodes op uw telefoon, bijvoorbeeld FreeOTP, Google Authenticator of Microsoft Authenticator.",
        en: "Install an authenticator app on your phone, for example FreeOTP, Google Authenticator or Microsoft Authenticator.",
    }
    SetupStepScan {
        nl: "Kies in de app voor een nieuw account en scan deze QR-code. Lukt scannen niet? Typ dan deze sleutel over:",
        en: "In the app, add a new account and scan this QR code. Scanning does not work? Then type in this key:",
    }
    SetupQrLabel { nl: "QR-code voor de app", en: "QR code for the app" }
    SetupKey { nl: "Sleutel", en: "Key" }
    SetupStepCode {
        nl: "Vul de code van 6 cijfers in die de app nu laat zien.",
        en: "Enter the 6-digit code the app shows now.",
    }
    SetupButton { nl: "Code controleren en aanzetten", en: "Check the code and turn on" }
    SetupFirstCodeWrong {
        nl: "Deze code klopt niet. Kijk of de app de sleutel van deze pagina heeft, en vul de nieuwste code in.",
        en: "This code is not right. Check that the app has the key of this page, and enter the newest code.",
    }
    OnTitle { nl: "Inloggen met een code staat aan", en: "Signing in with a code is on" }
    OnIntro {
        nl: "U logt in met uw wachtwoord en een code uit de app op uw telefoon.",
        en: "You sign in with your password and a code from the app on your phone.",
    }
    RenewTitle { nl: "Nieuwe herstelcodes", en: "New recovery codes" }
    RenewIntro {
        nl: "Codes op of kwijt? Maak nieuwe. De oude herstelcodes werken dan niet meer. Vul ter controle een code uit de app in.",
        en: "Codes used up or lost? Make new ones. The old recovery codes then stop working. Enter a code from the app to confirm.",
    }
    RenewButton { nl: "Nieuwe herstelcodes maken", en: "Make new recovery codes" }
    OffTitle { nl: "Uitzetten", en: "Turn off" }
    OffIntro {
        nl: "Daarna logt u weer in met alleen uw wachtwoord. Vul ter controle een code uit de app in.",
        en: "After that you sign in with your password only. Enter a code from the app to confirm.",
    }
    OffButton { nl: "Inloggen met een code uitzetten", en: "Turn off signing in with a code" }
    OffRequired {
        nl: "Zorgverleners kunnen dit niet uitzetten. Nieuwe telefoon? Maak hierboven eerst nieuwe herstelcodes en stel daarna de app opnieuw in via uw beheerder.",
        en: "Care professionals cannot turn this off. New phone? First make new recovery codes above, then ask your administrator to set up the app again.",
    }
    TurnedOff {
        nl: "Inloggen met een code staat uit.",
        en: "Signing in with a code is off.",
    }
    CodesTitle { nl: "Uw herstelcodes", en: "Your recovery codes" }
    CodesIntro {
        nl: "Bewaar deze codes op papier of in een wachtwoordkluis, niet op uw telefoon. Telefoon kwijt? Dan logt u in met een van deze codes in plaats van de code uit de app. Elke code werkt één keer. U ziet ze alleen nu.",
        en: "Keep these codes on paper or in a password manager, not on your phone. Lost your phone? Then sign in with one of these codes instead of the code from the app. Each code works once. You only see them now.",
    }
    CodesGone {
        nl: "Deze herstelcodes zijn al getoond en worden niet nog eens getoond. Kwijt? Maak nieuwe op de pagina Inloggen met een code.",
        en: "These recovery codes were shown already and are not shown again. Lost them? Make new ones on the page Signing in with a code.",
    }
    CodesDone { nl: "Ik heb de codes bewaard, ga verder", en: "I have kept the codes, continue" }
    SectionTitle { nl: "Inloggen met een code", en: "Signing in with a code" }
    SectionOff {
        nl: "U logt in met alleen uw wachtwoord. Met een code uit een app op uw telefoon is uw account beter beschermd.",
        en: "You sign in with your password only. With a code from an app on your phone your account is better protected.",
    }
    SectionSetUp { nl: "Inloggen met een code instellen", en: "Set up signing in with a code" }
    SectionManage { nl: "Herstelcodes en instellingen", en: "Recovery codes and settings" }
}

crate::text_fns! {
    fn codes_left(count: i64) {
        nl: "Ongebruikte herstelcodes: {count}.",
        en: "Unused recovery codes: {count}.",
    }
    fn code_waiting(minutes: u64) {
        nl: "Er is te vaak een verkeerde code ingevuld. Om uw gegevens te beschermen kunt u over {minutes} min. opnieuw proberen.",
        en: "A wrong code was entered too often. To protect your data you can try again in {minutes} min.",
    }
}
