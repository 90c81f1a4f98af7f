//! Professionals add and edit patient records and their care network over HTTP, on both
//! backends: a GP practice keeps a full record (a BSN checked with the eleven-test, never
//! shown whole), nursing and home care a minimal one; refused input comes back as typed
//! (never the BSN) with every problem; whoever adds a patient manages the network, adds other
//! organisations (which then reach the record) and hands the management over; consent is
//! recorded with its date; everything is logged; nobody else gets in, and a refusal looks the
//! same for a record that exists and one that does not.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use sqlx::Row;
use test_app::{count, Person, TestApp};

app::on_both_backends!(professionals_add_and_edit_patients_and_their_care_network,);

/// The page's main content (the frame around it names the page's own address).
fn main(page: &str) -> &str {
    let start = page.find("<main").expect("a page");
    let end = page.find("</main>").expect("a page");
    &page[start..end]
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn professionals_add_and_edit_patients_and_their_care_network(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let gp = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let list = gp.get("/patienten").await.text().await.unwrap();
    assert!(list.contains("href=\"/patienten/nieuw\""), "{list}");
    let form = gp.get("/patienten/nieuw").await;
    assert_eq!(form.status(), 200);
    let form = form.text().await.unwrap();
    assert!(
        form.contains("name=\"bsn\""),
        "a practice keeps the BSN: {form}"
    );

    // Every problem at once; what was typed comes back, the BSN never does.
    let refused = gp
        .post(
            "/patienten/nieuw",
            &[
                ("naam", ""),
                ("geboortedatum", "31-02-1940"),
                ("email", "geen adres"),
                ("bsn", "123456789"),
                ("toestemming", "given"),
            ],
        )
        .await;
    assert_eq!(location(&refused), "/patienten/nieuw");
    let cookie = gp.cookie("meetpunt_patient").unwrap();
    assert!(!cookie.contains("123456789"), "{cookie}");
    let back = gp.get("/patienten/nieuw").await.text().await.unwrap();
    for message in [
        "Vul de naam in",
        "Vul de geboortedatum in",
        "Vul een geldig e-mailadres in",
        "Dit BSN klopt niet",
    ] {
        assert!(back.contains(message), "{message}: {back}");
    }
    assert!(back.contains("value=\"geen adres\""), "{back}");
    assert!(back.contains("value=\"31-02-1940\""), "{back}");
    assert!(!back.contains("123456789"), "{back}");
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM patients").await, 0);

    // Added: the practice manages the network; the BSN is shown masked; consent recorded.
    let added = gp
        .post(
            "/patienten/nieuw",
            &[
                ("naam", "Truus de Boer"),
                ("geboortedatum", "15-03-1942"),
                ("email", "Truus@Example.org"),
                ("bsn", "111 222 333"),
                ("toestemming", "given"),
            ],
        )
        .await;
    let page = location(&added);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = gp.get(&page).await.text().await.unwrap();
    assert!(shown.contains("Truus de Boer"), "{shown}");
    assert!(shown.contains("••••••333"), "{shown}");
    assert!(!shown.contains("111222333"), "{shown}");
    // With when, by whom and how it was recorded.
    assert!(
        shown.contains(">gegeven. Vastgelegd door ")
            && shown.contains("na een gesprek met de patiënt"),
        "{shown}"
    );
    let edit = format!("/patienten/{id}/gegevens");
    assert!(shown.contains(&format!("href=\"{edit}\"")), "{shown}");
    let row = sqlx::query("SELECT email, bsn, consent, consent_at FROM patients WHERE id = $1")
        .bind(id)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<String, _>("email").unwrap(),
        "truus@example.org"
    );
    assert_eq!(row.try_get::<String, _>("bsn").unwrap(), "111222333");
    assert!(row
        .try_get::<Option<String>, _>("consent_at")
        .unwrap()
        .is_some());
    let role: String = sqlx::query(
        "SELECT role FROM care_network WHERE patient_id = $1 AND organisation_id = 'test-hap'",
    )
    .bind(id)
    .fetch_one(app.store().pool())
    .await
    .unwrap()
    .try_get("role")
    .unwrap();
    assert_eq!(role, "manager");
    // The same BSN again: told, nothing added.
    gp.post(
        "/patienten/nieuw",
        &[
            ("naam", "Iemand anders"),
            ("geboortedatum", "01-01-1950"),
            ("bsn", "111222333"),
        ],
    )
    .await;
    let back = gp.get("/patienten/nieuw").await.text().await.unwrap();
    assert!(back.contains("Dit BSN hoort al bij een patiënt"), "{back}");
    assert!(back.contains("vul het opnieuw in"), "{back}");
    assert_eq!(count(app.store(), "SELECT COUNT(*) FROM patients").await, 1);
    // The attempt is in that patient's access log.
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE patient_id = {id}
                 AND outcome = 'refused' AND reason = 'bsn_taken'"
            )
        )
        .await,
        1
    );

    // Edited: the name changes, an empty BSN keeps the one on record, consent is refused.
    let form = gp.get(&edit).await.text().await.unwrap();
    assert!(form.contains("value=\"Truus de Boer\""), "{form}");
    assert!(form.contains("Er is een BSN vastgelegd"), "{form}");
    assert!(!form.contains("111222333"), "{form}");
    let saved = gp
        .post(
            &edit,
            &[
                ("naam", "Geertruida de Boer"),
                ("geboortedatum", "1942-03-15"),
                ("email", ""),
                ("bsn", ""),
                ("toestemming", "refused"),
            ],
        )
        .await;
    assert_eq!(location(&saved), format!("{edit}?opgeslagen=1"));
    let row = sqlx::query("SELECT name, email, bsn, consent FROM patients WHERE id = $1")
        .bind(id)
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<String, _>("name").unwrap(),
        "Geertruida de Boer"
    );
    assert_eq!(row.try_get::<Option<String>, _>("email").unwrap(), None);
    assert_eq!(row.try_get::<String, _>("bsn").unwrap(), "111222333");
    assert_eq!(row.try_get::<String, _>("consent").unwrap(), "refused");
    // A refused edit changes nothing and comes back as typed.
    gp.post(
        &edit,
        &[
            ("naam", "Geertruida"),
            ("geboortedatum", "morgen"),
            ("bsn", "12"),
        ],
    )
    .await;
    let back = gp.get(&edit).await.text().await.unwrap();
    assert!(back.contains("value=\"morgen\""), "{back}");
    assert!(back.contains("Dit BSN klopt niet"), "{back}");
    assert_eq!(
        count(
            app.store(),
            &format!(
                "SELECT COUNT(*) FROM patients WHERE id = {id} AND name = 'Geertruida de Boer'"
            )
        )
        .await,
        1
    );

    // Home care is not in the network yet: refused alike for this record and a missing one.
    let nurse = app
        .sign_in_as(Person::Professional(
            OrganisationKind::Vvt,
            Level::Zorgverlener,
        ))
        .await;
    let ours = nurse.get(&edit).await;
    assert_eq!(ours.status(), 403);
    let missing = nurse.get("/patienten/987654/gegevens").await;
    assert_eq!(missing.status(), 403);
    assert_eq!(
        main(&ours.text().await.unwrap()),
        main(&missing.text().await.unwrap())
    );
    let forced = nurse
        .post(&edit, &[("naam", "X"), ("geboortedatum", "01-01-1950")])
        .await;
    assert_eq!(forced.status(), 403);

    // The practice adds home care; home care reaches the record but may not change the network.
    let page = gp.get(&edit).await.text().await.unwrap();
    assert!(page.contains("<option value=\"test-vvt\""), "{page}");
    let network = format!("/patienten/{id}/zorgnetwerk");
    let joined = gp.post(&network, &[("organisatie", "test-vvt")]).await;
    assert_eq!(location(&joined), format!("{edit}?netwerk=1#zorgnetwerk"));
    assert_eq!(nurse.get(&format!("/patienten/{id}")).await.status(), 200);
    let theirs = nurse.get(&edit).await.text().await.unwrap();
    assert!(
        theirs.contains("Alleen de organisatie die de regie voert"),
        "{theirs}"
    );
    assert!(
        !theirs.contains("name=\"bsn\""),
        "no BSN for home care: {theirs}"
    );
    let tried = nurse
        .post(&network, &[("organisatie", "test-netwerkpartner")])
        .await;
    assert_eq!(tried.status(), 403);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE reason = 'not_network_manager'"
        )
        .await,
        1
    );
    // Management handed over: now home care adds the partner, the practice no longer can.
    app.organisation(OrganisationKind::Netwerkpartner).await;
    let over = gp
        .post(&network, &[("organisatie", "test-vvt"), ("regie", "1")])
        .await;
    assert_eq!(over.status(), 303);
    assert_eq!(
        nurse
            .post(&network, &[("organisatie", "test-netwerkpartner")])
            .await
            .status(),
        303
    );
    assert_eq!(
        gp.post(&network, &[("organisatie", "test-thuiszorg")])
            .await
            .status(),
        403
    );
    let roles: Vec<(String, String)> = sqlx::query(
        "SELECT organisation_id, role FROM care_network WHERE patient_id = $1
         ORDER BY organisation_id",
    )
    .bind(id)
    .fetch_all(app.store().pool())
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("organisation_id").unwrap(),
            r.try_get("role").unwrap(),
        )
    })
    .collect();
    assert_eq!(
        roles,
        [
            ("test-hap".to_string(), "member".to_string()),
            ("test-netwerkpartner".to_string(), "member".to_string()),
            ("test-vvt".to_string(), "manager".to_string()),
        ]
    );

    // The professionals involved: each organisation names its own; others only see them.
    let team = format!("/patienten/{id}/betrokkenen");
    let gp_id = gp.account.unwrap().0.to_string();
    let page = gp.get(&edit).await.text().await.unwrap();
    assert!(page.contains("nog geen zorgverleners bij naam"), "{page}");
    assert!(
        page.contains(&format!("<option value=\"{gp_id}\"")),
        "{page}"
    );
    let added = gp
        .post(&team, &[("account", &gp_id), ("actie", "toevoegen")])
        .await;
    assert_eq!(
        location(&added),
        format!("{edit}?betrokkenen=1#betrokkenen")
    );
    let page = gp.get(&edit).await.text().await.unwrap();
    assert!(page.contains("data-testid=\"team\""), "{page}");
    assert!(
        page.contains("verwijderen als betrokken zorgverlener"),
        "{page}"
    );
    // Home care cannot name the practice's nurse, nor remove them.
    let theirs = nurse
        .post(&team, &[("account", &gp_id), ("actie", "toevoegen")])
        .await;
    assert_eq!(theirs.status(), 400);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM audit_log WHERE reason = 'not_a_colleague'"
        )
        .await,
        1
    );
    let page = nurse.get(&edit).await.text().await.unwrap();
    assert!(page.contains("data-testid=\"team\""), "{page}");
    assert!(
        !page.contains("verwijderen als betrokken zorgverlener"),
        "{page}"
    );
    nurse
        .post(&team, &[("account", &gp_id), ("actie", "verwijderen")])
        .await;
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM care_team").await,
        1
    );
    let removed = gp
        .post(&team, &[("account", &gp_id), ("actie", "verwijderen")])
        .await;
    assert_eq!(removed.status(), 303);
    assert_eq!(
        count(app.store(), "SELECT COUNT(*) FROM care_team").await,
        0
    );

    // Home care adds a minimal record: a BSN sent anyway is not kept.
    let form = nurse.get("/patienten/nieuw").await.text().await.unwrap();
    assert!(!form.contains("name=\"bsn\""), "{form}");
    let added = nurse
        .post(
            "/patienten/nieuw",
            &[
                ("naam", "Kees Smit"),
                ("geboortedatum", "02-02-1938"),
                ("bsn", "123456782"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM patients WHERE name = 'Kees Smit' AND bsn IS NULL"
        )
        .await,
        1
    );

    // A network partner and a level without access add nobody.
    for person in [
        Person::Professional(OrganisationKind::Netwerkpartner, Level::Zorgverlener),
        Person::Professional(OrganisationKind::Hap, Level::B),
    ] {
        let other = app.sign_in_as(person).await;
        assert_eq!(other.get("/patienten/nieuw").await.status(), 403);
        let post = other
            .post(
                "/patienten/nieuw",
                &[("naam", "Niemand"), ("geboortedatum", "01-01-1950")],
            )
            .await;
        assert_eq!(post.status(), 403);
    }
    let anonymous = app.browser().get("/patienten/nieuw").await;
    assert_ne!(anonymous.status(), 200);
    assert_eq!(
        count(
            app.store(),
            "SELECT COUNT(*) FROM patients WHERE name = 'Niemand'"
        )
        .await,
        0
    );

    // Logged: two records made, the changes, the network.
    for (action, at_least) in [
        ("patient_created", 2),
        ("patient_changed", 2),
        ("care_network_changed", 5),
    ] {
        let n = count(
            app.store(),
            &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"),
        )
        .await;
        assert!(n >= at_least, "{action}: {n}");
    }
    app.stop().await;
}
