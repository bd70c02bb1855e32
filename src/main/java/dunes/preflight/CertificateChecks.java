package dunes.preflight;

import dunes.build.BuildSpec;
import dunes.pki.CertificateProbe;
import dunes.pki.CertificateProbeException;
import dunes.pki.PresentedCertificate;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Every existing TLS endpoint's certificate, read and not trusted ({@link CertificateProbe}: the
 * handshake is refused after the chain arrives, nothing is sent): what the plan shows and what its
 * approval pins. An endpoint that presents nothing fails on the field that names it.
 */
final class CertificateChecks {

  static final String READ = "certificate.read";

  /** One endpoint's outcome: the check, and what it presented (null when it presented nothing). */
  record Read(PreflightCheck check, EndpointCertificate certificate) {}

  private final CertificateProbe probe;

  CertificateChecks(CertificateProbe probe) {
    this.probe = probe;
  }

  List<Supplier<Read>> checks(BuildSpec spec) {
    return Endpoint.of(spec).stream().filter(Endpoint::tls).<Supplier<Read>>map(endpoint -> () -> read(endpoint)).toList();
  }

  Read read(Endpoint endpoint) {
    try {
      PresentedCertificate presented = probe.probe(endpoint.host(), endpoint.port());
      boolean matches = nameMatches(endpoint.host(), presented);
      EndpointCertificate certificate = new EndpointCertificate(endpoint.key(), endpoint.url(), endpoint.purpose(),
          presented.subject(), presented.issuer(), presented.notBefore(), presented.notAfter(),
          presented.subjectAltNames(), matches, presented.sha256Fingerprint(), blankToNull(endpoint.pinned()));
      return new Read(new PreflightCheck(READ, endpoint.field(), true, endpoint.address() + " presents " + presented.subject()
          + " issued by " + presented.issuer() + (matches ? "" : ", which does not name " + endpoint.host())), certificate);
    } catch (CertificateProbeException e) {
      dnsOutage(e); // no DNS server answered: no verdict on the endpoint, the step is retried
      return new Read(new PreflightCheck(READ, endpoint.field(), false, "cannot read the certificate of "
          + endpoint.address() + " (" + endpoint.purpose() + "): " + e.getMessage() + "; correct " + endpoint.field()
          + " or make the endpoint answer"), null);
    }
  }

  /** Rethrows the DNS outage behind a name that did not resolve, which is a fact about DNS, not about the endpoint. */
  private static void dnsOutage(CertificateProbeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof dunes.dns.NameLookup.DnsUnavailableException outage) {
        throw outage;
      }
    }
  }

  /**
   * Whether the dialled host is among the leaf's names: its DNS subject alternative names (a
   * wildcard covers one leftmost label, RFC 6125 6.4.3), else its CN; an address among its IP names.
   */
  static boolean nameMatches(String host, PresentedCertificate presented) {
    String dialled = host.toLowerCase(Locale.ROOT);
    List<String> sans = presented.subjectAltNames();
    if (dialled.indexOf(':') >= 0 || dialled.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return sans.stream().anyMatch(san -> san.equalsIgnoreCase("IP:" + dialled));
    }
    List<String> dnsNames = sans.stream().filter(san -> san.startsWith("DNS:")).map(san -> san.substring(4)).toList();
    if (dnsNames.isEmpty()) {
      return commonNames(presented.subject()).stream().anyMatch(cn -> covers(cn, dialled));
    }
    return dnsNames.stream().anyMatch(name -> covers(name, dialled));
  }

  private static boolean covers(String name, String dialled) {
    String pattern = name.toLowerCase(Locale.ROOT);
    if (pattern.startsWith("*.")) {
      int dot = dialled.indexOf('.');
      return dot > 0 && dialled.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(dialled);
  }

  private static List<String> commonNames(String subject) {
    try {
      return new LdapName(subject).getRdns().stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
          .map(Rdn::getValue).map(String::valueOf).toList();
    } catch (InvalidNameException e) {
      return List.of();
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
