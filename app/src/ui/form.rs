//! The one pattern for forms that work without JavaScript (docs/forms.md).
//!
//! A form is a plain `<form method="post">` rendered by a Leptos page. Its handler is an
//! axum route of the feature that owns it (each feature has a `routes()` the server mounts),
//! does its work through the feature's server-side functions, and always answers with a
//! `303 See Other` to the page the person should see next (Post/Redirect/Get): on success
//! the next page, on a problem the form's own page with a short-lived notice cookie that the
//! page reads once. The redirect target is always explicit, never taken from `Referer`
//! (which the portal does not send: `Referrer-Policy: no-referrer` keeps link tokens in
//! URLs private) and never a foreign address (only local paths are accepted).

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;
use std::net::SocketAddr;

/// A `303 See Other` to `location` with the given `Set-Cookie` values; never cached.
pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut response = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store");
    for value in cookies {
        response = response.header(header::SET_COOKIE, value);
    }
    response.body(Body::empty()).unwrap_or_default()
}

/// To the sign-in page, and after signing in back to `next` (a local path).
pub fn to_sign_in(next: &str) -> Response {
    see_other(
        &format!(
            "{}?next={}",
            crate::access::SIGN_IN_PATH,
            crate::access::percent_encode(next)
        ),
        &[],
    )
}

/// Whether a `GET` that exports data was started from the portal's own pages or an address
/// typed in, not by another site (whose top-level navigation carries the session cookie).
pub fn started_here(headers: &axum::http::HeaderMap) -> bool {
    let from = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    matches!(from, "same-origin" | "none")
}

/// The network address a request came from, for the access log and sign-in counting;
/// `None` when the server was not started with connection information (never fails the
/// request). Behind a trusted proxy it is the address the proxy saw (see
/// [`TrustedProxies`]); the server works it out once per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub Option<String>);

impl ClientAddress {
    /// The address of the request behind `parts`: as the server worked it out, or else
    /// the connection's own.
    pub fn of(parts: &Parts) -> ClientAddress {
        if let Some(known) = parts.extensions.get::<ClientAddress>() {
            return known.clone();
        }
        ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string()),
        )
    }

    /// The address of a request from `peer` with these headers: the peer itself, unless it
    /// is a trusted proxy; then the nearest address in `X-Forwarded-For` that is not one
    /// (a client can write anything at the start of that header, only the proxies' own
    /// additions are believed). A hop the proxy wrote in a form that cannot be read leaves
    /// the address unknown, rather than counting every client as the proxy.
    pub fn resolve(
        peer: std::net::IpAddr,
        headers: &axum::http::HeaderMap,
        proxies: &TrustedProxies,
    ) -> ClientAddress {
        if !proxies.trusts(peer) {
            return ClientAddress(Some(peer.to_canonical().to_string()));
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut address = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = hop_address(hop) else {
                return ClientAddress(None);
            };
            address = ip;
            if !proxies.trusts(ip) {
                break;
            }
        }
        ClientAddress(Some(address.to_canonical().to_string()))
    }

    /// The address as text, if known.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// The reverse proxies in front of the portal (`MEETPUNT_TRUSTED_PROXIES`): addresses and
/// ranges. Empty by default: then every request is taken at its connection's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(std::net::IpAddr, u8)>);

impl TrustedProxies {
    /// Reads a comma-separated list like `10.0.0.1, 192.168.0.0/16, ::1`; the error is the
    /// entry that is not an address or range.
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        let mut ranges = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (ip, bits) = match entry.split_once('/') {
                Some((ip, bits)) => (ip, Some(bits)),
                None => (entry, None),
            };
            let ip: std::net::IpAddr = ip.parse().map_err(|_| entry.to_owned())?;
            let ip = ip.to_canonical();
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| entry.to_owned())?,
            };
            ranges.push((ip, bits));
        }
        Ok(TrustedProxies(ranges))
    }

    /// Whether `ip` is one of the proxies.
    pub fn trusts(&self, ip: std::net::IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|(net, bits)| match (net, ip) {
            (std::net::IpAddr::V4(net), std::net::IpAddr::V4(ip)) => prefix_matches(
                u128::from(u32::from(*net)),
                u128::from(u32::from(ip)),
                *bits,
                32,
            ),
            (std::net::IpAddr::V6(net), std::net::IpAddr::V6(ip)) => {
                prefix_matches(u128::from(*net), u128::from(ip), *bits, 128)
            }
            _ => false,
        })
    }
}

/// An address as a proxy writes it in `X-Forwarded-For`: bare, or with a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn hop_address(hop: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    hop.parse::<SocketAddr>().ok().map(|addr| addr.ip())
}

/// Whether the first `bits` of two `width`-bit numbers are the same.
fn prefix_matches(a: u128, b: u128, bits: u8, width: u32) -> bool {
    let shift = width - u32::from(bits).min(width);
    shift >= 128 || (a >> shift) == (b >> shift)
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().unwrap());
        }
        headers
    }

    #[test]
    fn only_a_trusted_proxy_says_where_a_request_came_from() {
        let proxies = TrustedProxies::parse("10.0.0.1, 172.16.0.0/12, fd00::/8").unwrap();
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let at = |peer: &str, headers: &HeaderMap| {
            ClientAddress::resolve(ip(peer), headers, &proxies)
                .0
                .unwrap()
        };
        // Straight from the client: the header is ignored.
        assert_eq!(at("203.0.113.9", &forwarded(&["1.2.3.4"])), "203.0.113.9");
        // Through the proxy: the address it saw.
        assert_eq!(at("10.0.0.1", &forwarded(&["203.0.113.9"])), "203.0.113.9");
        // A client that writes its own header first gains nothing: the proxy's addition
        // comes last, and that is the one believed.
        assert_eq!(
            at("10.0.0.1", &forwarded(&["1.2.3.4, 203.0.113.9"])),
            "203.0.113.9"
        );
        // Through two proxies of ours, in two headers.
        assert_eq!(
            at(
                "10.0.0.1",
                &forwarded(&["1.2.3.4, 203.0.113.9", "172.20.1.1"])
            ),
            "203.0.113.9"
        );
        // A proxy that writes the port too.
        assert_eq!(
            at("10.0.0.1", &forwarded(&["203.0.113.9:4711"])),
            "203.0.113.9"
        );
        assert_eq!(
            at("10.0.0.1", &forwarded(&["[2001:db8::7]:4711"])),
            "2001:db8::7"
        );
        // A hop that cannot be read leaves the address unknown: not every client as the
        // proxy.
        let unknown = ClientAddress::resolve(ip("10.0.0.1"), &forwarded(&["nonsense"]), &proxies);
        assert_eq!(unknown.0, None);
        assert_eq!(at("10.0.0.1", &HeaderMap::new()), "10.0.0.1");
        // IPv4 written as IPv6 is the same address.
        assert_eq!(
            at("::ffff:10.0.0.1", &forwarded(&["203.0.113.9"])),
            "203.0.113.9"
        );
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(!proxies.trusts(ip("fe80::1")));
        assert!(!TrustedProxies::default().trusts(ip("127.0.0.1")));
        assert!(TrustedProxies::parse("0.0.0.0/0")
            .unwrap()
            .trusts(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "localhost", "10.0.0.1/x", "::/129"] {
            assert_eq!(TrustedProxies::parse(bad), Err(bad.to_string()));
        }
    }
}
