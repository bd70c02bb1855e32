package dunes.preflight;

/**
 * One read-only check of a build request against the site, e.g. {@code dns.reverse} of
 * {@code nodes[1].ip}.
 *
 * @param check what was checked: {@code dns.forward}, {@code dns.reverse}, {@code address.free},
 *     {@code vm.name.free}, {@code vapp.name.free}, {@code datastore.space}, {@code certificate.read}, …
 * @param field the request field an operator fixes when it fails ({@code nodes[1].fqdn})
 * @param passed whether it passed
 * @param message what was found, and on failure what to fix
 */
public record PreflightCheck(String check, String field, boolean passed, String message) {}
