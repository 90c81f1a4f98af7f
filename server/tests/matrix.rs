//! Every route and server function with a patient's data, called by everyone who may not use
//! it — nobody signed in, an organisation outside the care network, each HAP level without
//! access (B, B+, D), a colleague whose membership ended, another patient, a carer without a
//! mandate, a carer acting for the patient under a mandate (for everything a professional
//! does) — on both backends. Each gets a refusal that leaks nothing: the same status and the
//! same page for Jan's record or request as for one that does not exist, and nothing changes.
//! An expired link answers like a link that never existed.

mod test_app;

use app::db::Backend;
use app::organisations::{Level, OrganisationKind};
use app::requests::Ask;
use sqlx::Row;
use test_app::{count, eventually, Browser, Person, TestApp};

app::on_both_backends!(nobody_without_the_right_reaches_a_patient_and_refusals_leak_nothing,);

const POLL: (&str, &str) = ("MEETPUNT_OUTBOX_POLL_MS", "50");

/// A response without what differs by design: the ids asked for, where they stand in an
/// address (`/12`, `%2F12`), and the script nonce, new for every response.
fn same_but(body: &str, ids: &[&str]) -> String {
    let mut body = body.to_owned();
    for id in ids {
        for prefix in ["/", "%2F"] {
            let needle = format!("{prefix}{id}");
            let mut out = String::new();
            let mut rest = body.as_str();
            while let Some(at) = rest.find(&needle) {
                let after = &rest[at + needle.len()..];
                out.push_str(&rest[..at]);
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    out.push_str(&needle);
                } else {
                    out.push_str(prefix);
                    out.push_str("ID");
                }
                rest = after;
            }
            out.push_str(rest);
            body = out;
        }
    }
    let mut out = String::new();
    let mut rest = body.as_str();
    while let Some(at) = rest.find("nonce=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 7..];
        rest = &after[after.find('"').map_or(after.len(), |end| end + 1)..];
    }
    out.push_str(rest);
    out
}

/// A page without the banner that says for whom a carer acts.
fn without_banner(body: &str) -> String {
    let Some(start) = body.find(r#"<p data-testid="acting-for-banner""#) else {
        return body.to_owned();
    };
    let end = body[start..]
        .find("</p>")
        .map_or(body.len(), |e| start + e + 4);
    format!("{}{}", &body[..start], &body[end..])
}

/// One call: a page (`GET`), a form or a server function (`POST` with fields), with `{p}`
/// standing for a patient record and `{r}` for a request.
struct Call {
    what: &'static str,
    post: bool,
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
}

/// The actor who acts for Jan under a mandate.
const MANDATED: &str = "a carer acting for the patient";

/// The call a carer acting for the patient may make.
const OPEN_OWN: &str = "open one's own request";

const CALLS: [Call; 23] = [
    Call {
        what: "invite the patient to an account",
        post: true,
        path: "/patienten/{p}/account",
        fields: &[],
    },
    Call {
        what: OPEN_OWN,
        post: true,
        path: "/mijn/verzoeken/{r}",
        fields: &[],
    },
    Call {
        what: "change the care team",
        post: true,
        path: "/patienten/{p}/betrokkenen",
        fields: &[("account", "1"), ("actie", "toevoegen")],
    },
    Call {
        what: "fill in together",
        post: true,
        path: "/verzoeken/{r}/samen",
        fields: &[],
    },
    Call {
        what: "record page",
        post: false,
        path: "/patienten/{p}/gegevens",
        fields: &[],
    },
    Call {
        what: "change the record",
        post: true,
        path: "/patienten/{p}/gegevens",
        fields: &[("naam", "Iemand"), ("geboortedatum", "01-01-1950")],
    },
    Call {
        what: "change the care network",
        post: true,
        path: "/patienten/{p}/zorgnetwerk",
        fields: &[("organisatie", "test-thuiszorg")],
    },
    Call {
        what: "patients/edit",
        post: true,
        path: "/api/patients/edit",
        fields: &[("id", "{p}")],
    },
    Call {
        what: "patient page",
        post: false,
        path: "/patienten/{p}",
        fields: &[],
    },
    Call {
        what: "visit form",
        post: false,
        path: "/patienten/{p}/meting?soort=blood-pressure",
        fields: &[],
    },
    Call {
        what: "request page",
        post: false,
        path: "/verzoeken/{r}",
        fields: &[],
    },
    Call {
        what: "FHIR download",
        post: false,
        path: "/verzoeken/{r}/fhir",
        fields: &[],
    },
    Call {
        what: "enter at a visit",
        post: true,
        path: "/patienten/{p}/meting",
        fields: &[
            ("soort", "body-weight"),
            ("value", "80"),
            ("key", "0123456789abcdef0123456789abcdef"),
        ],
    },
    Call {
        what: "send again",
        post: true,
        path: "/verzoeken/{r}/opnieuw",
        fields: &[],
    },
    Call {
        what: "cancel",
        post: true,
        path: "/verzoeken/{r}/annuleren",
        fields: &[],
    },
    Call {
        what: "mark seen",
        post: true,
        path: "/verzoeken/{r}/bekeken",
        fields: &[],
    },
    Call {
        what: "send a request",
        post: true,
        path: "/verzoeken",
        fields: &[
            ("patient", "{p}"),
            ("ask", "instrument:gfi"),
            ("due", "2026-03-20"),
        ],
    },
    Call {
        what: "patients/shown",
        post: true,
        path: "/api/patients/shown",
        fields: &[("id", "{p}"), ("period", "1j")],
    },
    Call {
        what: "patients/visit",
        post: true,
        path: "/api/patients/visit",
        fields: &[("id", "{p}")],
    },
    Call {
        what: "record a carer",
        post: true,
        path: "/patienten/{p}/mantelzorgers",
        fields: &[
            ("naam", "Els de Vries"),
            ("email", "els@example.org"),
            ("vragenlijsten", "ja"),
            ("maanden", "6"),
            ("ingestemd", "ja"),
        ],
    },
    Call {
        what: "stop a carer",
        post: true,
        path: "/patienten/{p}/mantelzorgers/1/intrekken",
        fields: &[],
    },
    Call {
        what: "carers/of-patient",
        post: true,
        path: "/api/carers/of-patient",
        fields: &[("patient", "{p}")],
    },
    Call {
        what: "requests/shown",
        post: true,
        path: "/api/requests/shown",
        fields: &[("id", "{r}")],
    },
];

async fn call(browser: &Browser<'_>, call: &Call, patient: &str, request: &str) -> (u16, String) {
    let fill = |s: &str| s.replace("{p}", patient).replace("{r}", request);
    let path = fill(call.path);
    let response = if call.post {
        let fields: Vec<(&str, String)> = call.fields.iter().map(|(k, v)| (*k, fill(v))).collect();
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        browser.post(&path, &pairs).await
    } else {
        browser.get(&path).await
    };
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.text().await.unwrap();
    (status, format!("{location}\n{body}"))
}

async fn nobody_without_the_right_reaches_a_patient_and_refusals_leak_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn_with_smtp_and(backend, &[POLL]).await else {
        return;
    };
    let store = app.store();
    let jan = app.patient_jan().await;
    let gfi = app
        .send_request(jan, Ask::Questionnaire("gfi".into()))
        .await;
    assert!(eventually(|| async { !app.mail_links().is_empty() }).await);
    let link = app.mail_links().pop().unwrap();
    app.fill_in_gfi(link.rsplit('/').next().unwrap()).await;

    // A colleague who left: signed in before, the membership ended since.
    let leaver = app
        .sign_in_as(Person::Professional(OrganisationKind::Hap, Level::C))
        .await;
    let email: String = sqlx::query("SELECT email FROM accounts WHERE id = $1")
        .bind(leaver.account.unwrap().0)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("email")
        .unwrap();
    app::access::server::end_membership(store, &email, "test-hap", app.now())
        .await
        .unwrap();

    let actors: Vec<(&str, Browser<'_>)> = vec![
        ("nobody signed in", app.browser()),
        (
            "another organisation",
            app.sign_in_as(Person::Professional(
                OrganisationKind::Thuiszorg,
                Level::Zorgverlener,
            ))
            .await,
        ),
        (
            "HAP level B",
            app.sign_in_as(Person::Professional(OrganisationKind::Hap, Level::B))
                .await,
        ),
        (
            "HAP level B+",
            app.sign_in_as(Person::Professional(OrganisationKind::Hap, Level::BPlus))
                .await,
        ),
        (
            "HAP level D",
            app.sign_in_as(Person::Professional(OrganisationKind::Hap, Level::D))
                .await,
        ),
        ("a colleague who left", leaver),
        ("another patient", app.sign_in_as(Person::Patient).await),
        (
            "a carer without a mandate",
            app.sign_in_as(Person::Carer).await,
        ),
    ];
    // A carer acting for Jan under a mandate with every part: a carer, not a professional.
    let mandated = app.sign_in_as(Person::Carer).await;
    let carer_account = mandated.account.unwrap().0;
    sqlx::query(
        "INSERT INTO mandates (patient_id, carer_account_id, scope, granted_by, granted_via,
                               created_at, expires_at)
         VALUES ($1, $2, 'questionnaires,measurements,results', $2, 'professional', $3, $4)",
    )
    .bind(jan.0)
    .bind(carer_account)
    .bind(app::db::timestamp(app.now()))
    .bind(app::db::timestamp(
        app.now() + std::time::Duration::from_secs(365 * 86_400),
    ))
    .execute(store.pool())
    .await
    .unwrap();
    let chose = mandated
        .post("/mijn/handelen-voor", &[("patient", &jan.0.to_string())])
        .await;
    assert_eq!(chose.status(), 303);
    let mut actors = actors;
    actors.push((MANDATED, mandated));
    let (patient, request) = (jan.0.to_string(), gfi.0.to_string());
    let (no_patient, no_request) = ("987654", "876543");
    let changes = || async {
        (
            count(store, "SELECT COUNT(*) FROM readings").await,
            count(store, "SELECT COUNT(*) FROM requests").await,
            count(store, "SELECT COUNT(*) FROM outbox").await,
            count(
                store,
                "SELECT COUNT(*) FROM requests WHERE status = 'cancelled'",
            )
            .await,
            count(
                store,
                "SELECT COUNT(*) FROM requests WHERE reviewed_at IS NOT NULL",
            )
            .await,
            count(
                store,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'result_exported'",
            )
            .await,
            count(store, "SELECT COUNT(*) FROM care_network").await,
            count(store, "SELECT COUNT(*) FROM care_team").await,
            count(
                store,
                "SELECT COUNT(*) FROM link_tokens WHERE via = 'visit'",
            )
            .await,
            count(store, "SELECT COUNT(*) FROM patients WHERE name = 'Iemand'").await,
            count(store, "SELECT COUNT(*) FROM account_links").await,
            count(
                store,
                "SELECT COUNT(*) FROM mandates WHERE revoked_at IS NULL",
            )
            .await,
        )
    };
    let before = changes().await;
    let mut calls = 0;
    for (who, browser) in &actors {
        for c in &CALLS {
            // Opening Jan's request is what a carer acting for him may do (checked below).
            if *who == MANDATED && c.what == OPEN_OWN {
                continue;
            }
            let (status, body) = call(browser, c, &patient, &request).await;
            let (absent, absent_body) = call(browser, c, no_patient, no_request).await;
            let context = format!("{who}, {}", c.what);
            assert!(
                matches!(status, 401 | 403) || status == 303 && body.starts_with("/inloggen"),
                "{context}: {status} {body}"
            );
            assert_eq!(status, absent, "{context}");
            assert_eq!(
                same_but(&body, &[&patient, &request]),
                same_but(&absent_body, &[no_patient, no_request]),
                "{context}"
            );
            // (The carer acting for Jan sees his name in the banner on every page.)
            let body = without_banner(&body);
            assert!(
                !body.contains("Jan") && !body.contains("Jansen"),
                "{context}: {body}"
            );
            calls += 1;
        }
    }
    assert_eq!(calls, actors.len() * CALLS.len() - 1);
    // The carer acting for Jan may open his request (filled in already, so it leads back
    // to the carer's page); one that is not his is refused.
    let (_, mandated) = actors.last().unwrap();
    let own = CALLS.iter().find(|c| c.what == OPEN_OWN).unwrap();
    let (status, location) = call(mandated, own, &patient, &request).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(location.lines().next(), Some("/mijn"), "{location}");
    assert_eq!(call(mandated, own, no_patient, no_request).await.0, 403);
    assert_eq!(changes().await, before, "nothing changed");
    // Every refusal on Jan's record is in the access log.
    let refused = count(
        store,
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE patient_id = {} AND outcome = 'refused'",
            jan.0
        ),
    )
    .await;
    assert!(refused >= (actors.len() - 1) as i64 * 4, "{refused}");

    // An expired link answers like one that never existed.
    let answered_path = link.strip_prefix(&app.base).unwrap().to_owned();
    let second = app
        .send_request(jan, Ask::Questionnaire("4dkl".into()))
        .await;
    let new = || {
        app.mail_links()
            .into_iter()
            .find(|l| !l.ends_with(answered_path.rsplit('/').next().unwrap()))
    };
    assert!(
        eventually(|| async { new().is_some() }).await,
        "{:?} {:?}",
        app.mail_links(),
        count(store, "SELECT COUNT(*) FROM outbox").await
    );
    let fresh = new().unwrap();
    let fresh = fresh.strip_prefix(&app.base).unwrap().to_owned();
    assert_eq!(
        app.browser().get(&fresh).await.status(),
        200,
        "{second:?} works"
    );
    assert!(app
        .clock()
        .advance(std::time::Duration::from_secs(60 * 86_400)));
    let never = format!("/l/{}", "ab".repeat(32));
    for path in [fresh.as_str(), answered_path.as_str()] {
        let expired = app.browser().get(path).await;
        let status = expired.status();
        let body = expired.text().await.unwrap();
        let unknown = app.browser().get(&never).await;
        assert_eq!(status, unknown.status(), "{path}");
        let token = path.rsplit('/').next().unwrap();
        let unknown_token = never.rsplit('/').next().unwrap();
        assert_eq!(
            same_but(&body, &[token]),
            same_but(&unknown.text().await.unwrap(), &[unknown_token]),
            "{path}"
        );
    }
    app.stop().await;
}
