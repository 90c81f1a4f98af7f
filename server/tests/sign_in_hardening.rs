//! Sign-in over HTTP against a determined attacker, on both backends: prefixed cookies over
//! TLS and planted ones ignored, the known-device cookie, the client address behind a
//! trusted proxy, slow clients cut off, and a person ending all their sessions.

mod test_app;

use app::access::server::{self as accounts, NewAccount};
use app::access::Role;
use app::audit::server as audit;
use app::db::Backend;
use std::time::{Duration, Instant};
use test_app::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

app::on_both_backends!(
    over_tls_cookies_carry_their_prefix_and_planted_ones_are_ignored,
    the_client_address_comes_from_a_trusted_proxy_only,
    a_person_sees_their_sessions_and_ends_them_all,
    a_slow_client_is_cut_off_and_connections_are_limited,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";

async fn jan(app: &TestApp) {
    accounts::create_account(
        app.store(),
        &NewAccount {
            email: "jan@example.org",
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(PASSWORD),
        },
        app.now(),
    )
    .await
    .unwrap();
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

fn cookie<'a>(cookies: &'a [String], name: &str) -> Option<&'a str> {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(String::as_str)
}

async fn sign_in(app: &TestApp, password: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/inloggen"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "jan@example.org"), ("password", password)]);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().await.unwrap()
}

async fn over_tls_cookies_carry_their_prefix_and_planted_ones_are_ignored(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        &[("MEETPUNT_PUBLIC_URL", "https://portaal.example.org")],
    )
    .await
    else {
        return;
    };
    jan(&app).await;
    // A wrong password: the notice cookie of the sign-in page only.
    let wrong = sign_in(&app, "niet-het-goede-wachtwoord", &[]).await;
    let cookies = set_cookies(&wrong);
    let flash = cookie(&cookies, "__Secure-meetpunt_signin").expect("a prefixed notice");
    assert!(
        flash.contains("Path=/inloggen") && flash.contains("Secure"),
        "{flash}"
    );
    assert!(cookie(&cookies, "meetpunt_signin").is_none());

    let right = sign_in(&app, PASSWORD, &[]).await;
    assert_eq!(right.status(), 303);
    let cookies = set_cookies(&right);
    let session = cookie(&cookies, "__Host-meetpunt_session").expect("a __Host- session");
    assert!(
        session.contains("Path=/;") && session.contains("Secure"),
        "{session}"
    );
    assert!(!session.contains("Domain"), "{session}");
    let device = cookie(&cookies, "__Host-meetpunt_device").expect("a known-device cookie");
    assert!(
        device.contains("Max-Age=31536000") && device.contains("HttpOnly"),
        "{device}"
    );
    let token = session
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string();

    let page = |cookie: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/mijn"))
                .header("accept", "text/html")
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        page(format!("__Host-meetpunt_session={token}"))
            .await
            .status(),
        200
    );
    // The same token without the prefix (planted by a neighbouring site, or sent over plain
    // HTTP) is not a session.
    assert_eq!(
        page(format!("meetpunt_session={token}")).await.status(),
        302
    );
    // Nor is a made-up token with the prefix.
    let forged = format!("__Host-meetpunt_session={}", "ab".repeat(32));
    assert_eq!(page(forged).await.status(), 302);

    // The known device gets its own count: five wrong passwords elsewhere do not make Jan
    // wait on this browser.
    for _ in 0..5 {
        sign_in(&app, "niet-het-goede-wachtwoord", &[]).await;
    }
    let elsewhere = sign_in(&app, PASSWORD, &[]).await;
    assert!(cookie(&set_cookies(&elsewhere), "__Host-meetpunt_session").is_none());
    let device_pair = device.split(';').next().unwrap();
    let here = sign_in(&app, PASSWORD, &[("cookie", device_pair)]).await;
    let cookies = set_cookies(&here);
    assert!(
        cookie(&cookies, "__Host-meetpunt_session").is_some(),
        "{cookies:?}"
    );
    // A browser that is already known gets no new device token.
    assert!(cookie(&cookies, "__Host-meetpunt_device").is_none());
    app.stop().await;
}

async fn the_client_address_comes_from_a_trusted_proxy_only(backend: Backend) {
    // Without trusted proxies, a header a client writes itself changes nothing.
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    jan(&app).await;
    sign_in(&app, PASSWORD, &[("x-forwarded-for", "203.0.113.7")]).await;
    let log = audit::recent(app.store(), 1).await.unwrap();
    assert_eq!(log[0].client.as_deref(), Some("127.0.0.1"));
    app.stop().await;

    let Some(app) =
        TestApp::spawn_with(backend, &[("MEETPUNT_TRUSTED_PROXIES", "127.0.0.1")]).await
    else {
        return;
    };
    jan(&app).await;
    // Through the proxy: the address the proxy saw, not one the client put first.
    sign_in(
        &app,
        PASSWORD,
        &[("x-forwarded-for", "198.51.100.1, 203.0.113.7")],
    )
    .await;
    let log = audit::recent(app.store(), 1).await.unwrap();
    assert_eq!(log[0].action, "sign_in");
    assert_eq!(log[0].client.as_deref(), Some("203.0.113.7"));
    // And the sign-in count of that address is its own: fifty wrong guesses (at an address
    // without an account) from one client behind the proxy hold up that client only.
    for _ in 0..50 {
        app.client
            .post(app.url("/inloggen"))
            .header("sec-fetch-site", "same-origin")
            .header("x-forwarded-for", "203.0.113.66")
            .form(&[
                ("email", "niemand@example.org"),
                ("password", "niet-het-goede"),
            ])
            .send()
            .await
            .unwrap();
    }
    let counted = test_app::count(
        app.store(),
        "SELECT failures AS n FROM sign_in_throttle WHERE key = 'client:203.0.113.66'",
    )
    .await;
    assert_eq!(counted, 50);
    let refused = test_app::count(
        app.store(),
        "SELECT COUNT(*) AS n FROM audit_log WHERE reason = 'client_waiting'",
    )
    .await;
    assert_eq!(refused, 0, "the fiftieth is the last one counted");
    let held = sign_in(&app, PASSWORD, &[("x-forwarded-for", "203.0.113.66")]).await;
    assert!(cookie(&set_cookies(&held), "meetpunt_session").is_none());
    let other = sign_in(&app, PASSWORD, &[("x-forwarded-for", "203.0.113.8")]).await;
    assert!(cookie(&set_cookies(&other), "meetpunt_session").is_some());
    app.stop().await;
}

async fn a_person_sees_their_sessions_and_ends_them_all(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    jan(&app).await;
    let phone = app.browser();
    let laptop = app.browser();
    for browser in [&phone, &laptop] {
        let response = browser
            .post(
                "/inloggen",
                &[("email", "jan@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(response.status(), 303);
        app.clock().advance(Duration::from_secs(60));
    }
    let html = laptop.get("/mijn").await.text().await.unwrap();
    assert!(html.contains("Waar u bent ingelogd"), "{html}");
    let table = &html[html.find(r#"data-testid="sessions""#).unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr").count(),
        3,
        "a header and two sessions: {table}"
    );
    assert_eq!(table.matches("Dit apparaat").count(), 1);
    assert!(table.contains("127.0.0.1"));
    assert!(html.contains(r#"action="/mijn/sessies/beeindigen""#));

    let ended = laptop.post("/mijn/sessies/beeindigen", &[]).await;
    assert_eq!(ended.status(), 303);
    assert_eq!(ended.headers()["location"], "/inloggen");
    let notice = laptop.get("/inloggen").await.text().await.unwrap();
    assert!(notice.contains("op alle apparaten uitgelogd"), "{notice}");
    // Both browsers are signed out at once.
    for browser in [&phone, &laptop] {
        assert_eq!(browser.get("/mijn").await.status(), 302);
    }
    assert_eq!(
        test_app::count(app.store(), "SELECT COUNT(*) AS n FROM sessions").await,
        0
    );
    let log = audit::recent(app.store(), 5).await.unwrap();
    assert!(log.iter().any(|r| r.action == "sessions_ended"), "{log:?}");
    // Without a session the form only leads to signing in.
    let nobody = app.post_form("/mijn/sessies/beeindigen", &[], None).await;
    assert_eq!(nobody.status(), 303);
    assert_eq!(nobody.headers()["location"], "/inloggen?next=%2Fmijn");
    app.stop().await;
}

async fn a_slow_client_is_cut_off_and_connections_are_limited(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        &[
            ("MEETPUNT_HEADER_TIMEOUT_SECS", "1"),
            ("MEETPUNT_MAX_CONNECTIONS", "2"),
        ],
    )
    .await
    else {
        return;
    };
    let addr = app.url("").trim_start_matches("http://").to_string();
    // A client that sends its request head a little at a time, never finishing it.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if slow.write_all(b"X-Slow: 1\r\n").await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 512];
        match tokio::time::timeout(Duration::from_millis(10), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {
                // An answer (408) is fine too, as long as the connection then ends.
            }
            Err(_) => {}
        }
    }
    assert!(closed, "the slow client was still connected after 10 s");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // Two silent connections take both places; a third client waits until they are cut
    // off, then is served.
    let silent: Vec<_> = futures_util::future::join_all(
        (0..2).map(|_| tokio::net::TcpStream::connect(addr.clone())),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waited = Instant::now();
    // A client of its own, so no connection kept from before takes a place.
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let response = fresh.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        waited.elapsed() >= Duration::from_millis(500),
        "served while both places were taken ({:?})",
        waited.elapsed()
    );
    drop(silent);
    app.stop().await;
}
