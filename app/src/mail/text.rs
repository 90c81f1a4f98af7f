//! The texts of the mail Meetpunt sends.

crate::texts! {
    TestSubject { nl: "Meetpunt: testbericht", en: "Meetpunt: test message" }
    TestBody {
        nl: "Dit is een testbericht van Meetpunt. Komt het aan, dan kan Meetpunt e-mail versturen.",
        en: "This is a test message from Meetpunt. If it arrives, Meetpunt can send email.",
    }
}
