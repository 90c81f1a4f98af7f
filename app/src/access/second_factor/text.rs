//! The texts of the second step of signing in (a code from an app, recovery codes).

crate::texts! {
    CodeTitle { nl: "Code invullen", en: "Enter the code" }
    CodeIntro {
        nl: "Uw wachtwoord klopt. Open de app voor inlogcodes op uw telefoon en vul de code van 6 cijfers in die bij Meetpunt staat.",
        en: "Your password is correct. Open the authenticator app on your phone and enter the 6-digit code it shows for Meetpunt.",
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
        en: "This code is not correct. Check that you use the code for Meetpunt, and enter the newest code.",
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
        nl: "Tik in de app op toevoegen (vaak een +) en scan deze QR-code. Lukt scannen niet? Typ dan deze sleutel over:",
        en: "In the app, tap add (often a +) and scan this QR code. Can't scan it? Then type in this key:",
    }
    SetupQrLabel { nl: "QR-code voor de app", en: "QR code for the app" }
    SetupKey { nl: "Sleutel", en: "Key" }
    SetupStepCode {
        nl: "Vul de code van 6 cijfers in die de app nu laat zien.",
        en: "Enter the 6-digit code the app shows now.",
    }
    SetupButton { nl: "Code controleren en aanzetten", en: "Check the code and turn it on" }
    SetupFirstCodeWrong {
        nl: "Deze code klopt niet. Kijk of de app de sleutel van deze pagina heeft, en vul de nieuwste code in.",
        en: "This code is not correct. Check that the app has the key from this page, and enter the newest code.",
    }
    OnTitle { nl: "Inloggen met een code staat aan", en: "Signing in with a code is on" }
    OnIntro {
        nl: "U logt in met uw wachtwoord en een code uit de app op uw telefoon.",
        en: "You sign in with your password and a code from the app on your phone.",
    }
    RenewTitle { nl: "Nieuwe herstelcodes", en: "New recovery codes" }
    RenewIntro {
        nl: "Codes op of kwijt? Maak nieuwe. De oude herstelcodes werken dan niet meer. Vul eerst een code uit de app of een herstelcode in. Zo weten we dat u het bent.",
        en: "Codes used up or lost? Make new ones. The old recovery codes then stop working. First enter a code from the app or a recovery code, so we know it is you.",
    }
    RenewButton { nl: "Nieuwe herstelcodes maken", en: "Make new recovery codes" }
    OffTitle { nl: "Uitzetten", en: "Turn off" }
    OffIntro {
        nl: "Daarna logt u weer in met alleen uw wachtwoord. Vul eerst een code uit de app of een herstelcode in. Zo weten we dat u het bent.",
        en: "After that you sign in with your password only. First enter a code from the app or a recovery code, so we know it is you.",
    }
    OffButton { nl: "Inloggen met een code uitzetten", en: "Turn off signing in with a code" }
    OffRequired {
        nl: "Zorgverleners kunnen dit niet uitzetten. Nieuwe telefoon? Vraag uw beheerder om inloggen met een code opnieuw voor u klaar te zetten. Bij de volgende keer inloggen stelt u dan de nieuwe telefoon in.",
        en: "Care professionals cannot turn this off. New phone? Ask your administrator to reset signing in with a code for you. The next time you sign in, you then set up the new phone.",
    }
    TurnedOff {
        nl: "Inloggen met een code staat uit. U logt nu in met alleen uw wachtwoord.",
        en: "Signing in with a code is off. You now sign in with your password only.",
    }
    SetUpAgain { nl: "Opnieuw instellen", en: "Set up again" }
    CodesTitle { nl: "Uw herstelcodes", en: "Your recovery codes" }
    CodesIntro {
        nl: "Schrijf deze codes op of druk deze pagina af, en bewaar ze goed. Of bewaar ze in een app voor wachtwoorden, maar niet op dezelfde telefoon. Telefoon kwijt? Dan logt u in met een van deze codes in plaats van de code uit de app. Elke code werkt één keer. U ziet ze alleen nu.",
        en: "Write these codes down or print this page, and keep them safe. Or keep them in a password manager, but not on the same phone. Lost your phone? Then sign in with one of these codes instead of the code from the app. Each code works once. You only see them now.",
    }
    CodesGone {
        nl: "U heeft deze herstelcodes al gezien. We laten ze niet nog een keer zien. Kwijt? Maak nieuwe bij Herstelcodes en instellingen.",
        en: "You have seen these recovery codes already. We do not show them again. Lost them? Make new ones under Recovery codes and settings.",
    }
    CodesDone { nl: "Ik heb de codes bewaard, ga verder", en: "I have saved the codes, continue" }
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
        nl: "Er is te vaak een verkeerde code ingevuld. Om uw gegevens te beschermen kunt u over {minutes} minuten opnieuw proberen.",
        en: "A wrong code was entered too often. To protect your data you can try again in {minutes} minutes.",
    }
}
