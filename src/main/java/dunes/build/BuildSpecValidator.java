package dunes.build;

import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Every rule a build request must pass before anything outside is touched. Collects all errors,
 * each naming its field, so the requester fixes the request in one round.
 */
@Component
public class BuildSpecValidator {

  private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern FQDN =
      Pattern.compile("(?i)(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern SHA256 = Pattern.compile("[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private final SecretStore secrets;

  public BuildSpecValidator(SecretStore secrets) {
    this.secrets = secrets;
  }

  public List<FieldError> validate(BuildSpec spec) {
    Errors e = new Errors();
    e.check("ticket", spec.ticket(), v -> TICKET.matcher(v).matches() ? null
        : "a change ticket id is 1-64 letters, digits, '.', '_' or '-'");
    cluster(e, spec);
    nodes(e, spec);
    network(e, spec.network());
    vcenter(e, spec.vcenter());
    ovf(e, spec.ovf());
    appliance(e, spec.appliance());
    sso(e, spec.sso());
    database(e, spec.database());
    ca(e, spec.ca());
    edge(e, spec.edge());
    certificate(e, spec.certificate());
    if (spec.startDelaySeconds() < 0 || spec.startDelaySeconds() > 3600) {
      e.add("startDelaySeconds", "must be between 0 and 3600 seconds");
    }
    secretBindings(e, spec);
    return e.list;
  }

  /**
   * Every secret the request names may go where the build would send it (its binding: purpose,
   * host, the build's own nodes); one error per field, naming the secret and the destination.
   * Fields with an error already are left out, and so are destinations whose own fields have one.
   */
  private void secretBindings(Errors e, BuildSpec spec) {
    Set<String> settled = new HashSet<>();
    e.list.forEach(error -> settled.add(error.field()));
    for (SecretUses.Use use : SecretUses.of(spec)) {
      if (!settled.contains(use.field()) && use.where().stream().noneMatch(settled::contains)
          && secrets.contains(use.secret())) {
        secrets.refusal(use.secret(), use.destination()).ifPresent(refused -> {
          e.add(use.field(), refused);
          settled.add(use.field());
        });
      }
    }
  }

  private void cluster(Errors e, BuildSpec spec) {
    BuildSpec.Cluster c = spec.cluster();
    if (e.present("cluster", c)) {
      e.check("cluster.name", c.name(), this::label);
      e.check("cluster.fqdn", c.fqdn(), this::fqdn);
      e.check("cluster.virtualIp", c.virtualIp(), this::ip);
      // the configurator takes any value; these bounds only refuse what would make failover meaningless or endless
      if (c.heartbeatIntervalMs() < 1000 || c.heartbeatIntervalMs() > 3_600_000) {
        e.add("cluster.heartbeatIntervalMs", "between 1000 and 3600000 milliseconds (1 s to 1 h), got "
            + c.heartbeatIntervalMs());
      }
      if (c.failoverHeartbeats() < 1 || c.failoverHeartbeats() > 100) {
        e.add("cluster.failoverHeartbeats", "between 1 and 100 missed heartbeats, got " + c.failoverHeartbeats());
      }
    }
  }

  private void nodes(Errors e, BuildSpec spec) {
    List<BuildSpec.Node> nodes = spec.nodes();
    if (nodes.size() < 2) {
      e.add("nodes", "an HA cluster needs at least 2 nodes, got " + nodes.size());
    }
    Map<String, String> names = new HashMap<>();
    Map<String, String> fqdns = new HashMap<>();
    Map<String, String> ips = new HashMap<>();
    BuildSpec.Cluster cluster = spec.cluster();
    if (cluster != null && cluster.virtualIp() != null) {
      ips.put(cluster.virtualIp(), "cluster.virtualIp");
    }
    if (cluster != null && cluster.fqdn() != null) {
      fqdns.put(cluster.fqdn().toLowerCase(Locale.ROOT), "cluster.fqdn");
    }
    Optional<Long[]> firstSubnet = Optional.empty();
    for (int i = 0; i < nodes.size(); i++) {
      String at = "nodes[" + i + "]";
      BuildSpec.Node n = nodes.get(i);
      if (!e.present(at, n)) {
        continue;
      }
      e.check(at + ".name", n.name(), this::label);
      e.check(at + ".fqdn", n.fqdn(), this::fqdn);
      e.check(at + ".ip", n.ip(), this::ip);
      e.check(at + ".netmask", n.netmask(), v -> Ipv4.parse(v).filter(Ipv4::isNetmask).isPresent()
          ? null : "not a netmask (for example 255.255.255.0)");
      e.check(at + ".gateway", n.gateway(), this::ip);
      e.unique(names, n.name(), at + ".name", "node name");
      e.unique(fqdns, n.fqdn(), at + ".fqdn", "FQDN");
      e.unique(ips, n.ip(), at + ".ip", "IP address");
      Optional<Long> ip = Ipv4.parse(n.ip());
      Optional<Long> mask = Ipv4.parse(n.netmask()).filter(Ipv4::isNetmask);
      Optional<Long> gateway = Ipv4.parse(n.gateway());
      if (ip.isPresent() && mask.isPresent()) {
        if (gateway.isPresent() && !Ipv4.sameSubnet(ip.get(), gateway.get(), mask.get())) {
          e.add(at + ".gateway", "gateway " + n.gateway() + " is outside the node subnet " + n.ip() + "/" + n.netmask());
        }
        if (firstSubnet.isEmpty()) {
          firstSubnet = Optional.of(new Long[] {ip.get(), mask.get()});
        } else if (!Ipv4.sameSubnet(ip.get(), firstSubnet.get()[0], firstSubnet.get()[1])) {
          e.add(at + ".ip", "IP " + n.ip() + " is outside the node subnet of nodes[0] ("
              + nodes.get(0).ip() + "/" + nodes.get(0).netmask() + "); cluster nodes share one subnet");
        }
      }
    }
  }

  private void network(Errors e, BuildSpec.Network n) {
    if (!e.present("network", n)) {
      return;
    }
    e.check("network.domain", n.domain(), this::fqdn);
    if (n.dns().isEmpty()) {
      e.add("network.dns", "at least one DNS server is required");
    }
    for (int i = 0; i < n.dns().size(); i++) {
      e.check("network.dns[" + i + "]", n.dns().get(i), this::ip);
    }
    e.check("network.timezone", n.timezone(), v -> {
      try {
        ZoneId.of(v);
        return null;
      } catch (DateTimeException ex) {
        return "unknown time zone '" + v + "' (use a tz database name such as Europe/Berlin)";
      }
    });
  }

  private void vcenter(Errors e, BuildSpec.VCenter v) {
    if (!e.present("vcenter", v)) {
      return;
    }
    e.check("vcenter.url", v.url(), this::httpsUrl);
    e.check("vcenter.username", v.username(), s -> null);
    e.check("vcenter.passwordRef", v.passwordRef(), this::secretRef);
    e.check("vcenter.datacenter", v.datacenter(), s -> null);
    e.check("vcenter.cluster", v.cluster(), s -> null);
    e.check("vcenter.datastore", v.datastore(), s -> null);
    e.check("vcenter.network", v.network(), s -> null);
    e.check("vcenter.folder", v.folder(), s -> null);
    e.optional("vcenter.fingerprint", v.fingerprint(), this::fingerprint);
  }

  private void ovf(Errors e, BuildSpec.Ovf o) {
    if (!e.present("ovf", o)) {
      return;
    }
    e.check("ovf.url", o.url(), v -> v.startsWith("file:") ? null : httpsUrl(v));
    BuildSpec.Reference r = o.reference();
    if (r != null) {
      e.check("ovf.reference.url", r.url(), v -> {
        String problem = httpsUrl(v);
        URI uri = problem == null ? URI.create(v) : null;
        return problem != null ? problem : uri.getRawUserInfo() != null ? "must not carry credentials"
            : uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                ? "the vCO server's origin only (https://host:8281), without a path" : null;
      });
      e.check("ovf.reference.username", r.username(), v -> v.equals("vmware")
          ? "vmware is the 8283 configurator's login; the REST API takes a vCO administrator" : null);
      e.check("ovf.reference.passwordRef", r.passwordRef(), this::secretRef);
      e.optional("ovf.reference.fingerprint", r.fingerprint(), this::fingerprint);
    }
  }

  private void appliance(Errors e, BuildSpec.Appliance a) {
    if (!e.present("appliance", a)) {
      return;
    }
    e.check("appliance.rootPasswordRef", a.rootPasswordRef(), this::secretRef);
    e.check("appliance.configPasswordRef", a.configPasswordRef(), this::secretRef);
    e.check("appliance.vcoAdminUsername", a.vcoAdminUsername(), v -> v.equals("vmware")
        ? "vmware is the 8283 configurator's login; the REST API takes the embedded LDAP's vCO administrator (vcoadmin)"
        : null);
    e.check("appliance.vcoAdminPasswordRef", a.vcoAdminPasswordRef(), this::secretRef);
    e.port("appliance.serverPort", a.serverPort());
    e.port("appliance.configPort", a.configPort());
    e.port("appliance.sshPort", a.sshPort());
    if (a.cpus() != null && (a.cpus() < 1 || a.cpus() > 128)) {
      e.add("appliance.cpus", "a VM has 1 to 128 virtual CPUs");
    }
    for (int i = 0; i < a.plugins().size(); i++) {
      String plugin = a.plugins().get(i);
      if (plugin == null || !plugin.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
        e.add("appliance.plugins[" + i + "]", "a plug-in name: letters, digits, space, dot, dash, underscore");
      }
    }
    if (a.memoryMb() != null && (a.memoryMb() < 1024 || a.memoryMb() % 4 != 0)) {
      e.add("appliance.memoryMb", "at least 1024 and a multiple of 4 (vSphere sizes memory in 4 MB steps)");
    }
  }

  private void sso(Errors e, BuildSpec.Sso s) {
    if (!e.present("sso", s)) {
      return;
    }
    e.check("sso.host", s.host(), this::fqdn);
    e.port("sso.port", s.port());
    e.check("sso.adminGroup", s.adminGroup(), v -> null);
    e.check("sso.username", s.username(), v -> null);
    e.check("sso.passwordRef", s.passwordRef(), this::secretRef);
    e.optional("sso.fingerprint", s.fingerprint(), this::fingerprint);
    boolean ownAdmin = s.vcoAdminUsername() != null && !s.vcoAdminUsername().isBlank();
    if (ownAdmin) {
      e.check("sso.vcoAdminPasswordRef", s.vcoAdminPasswordRef(), this::secretRef);
    } else if (s.vcoAdminPasswordRef() != null) {
      e.add("sso.vcoAdminUsername", "set with sso.vcoAdminPasswordRef: the SSO user (a member of sso.adminGroup) "
          + "the REST API takes after SSO; leave both out to use sso.username");
    }
  }

  private void database(Errors e, BuildSpec.Database d) {
    if (!e.present("database", d)) {
      return;
    }
    e.check("database.host", d.host(), this::fqdn);
    e.port("database.port", d.port());
    e.check("database.name", d.name(), v -> v.length() <= 128 ? null : "at most 128 characters");
    e.check("database.username", d.username(), v -> null);
    e.check("database.passwordRef", d.passwordRef(), this::secretRef);
    e.optional("database.fingerprint", d.fingerprint(), this::fingerprint);
  }

  private void ca(Errors e, BuildSpec.CertificateAuthority c) {
    if (!e.present("ca", c)) {
      return;
    }
    boolean plain = c.url() != null && c.url().regionMatches(true, 0, "http:", 0, 5);
    if (plain && !c.allowPlainHttp()) {
      e.add("ca.url", "is http: the login exchange, the CSRs and the answers would travel in clear; give an https "
          + "URL, or set ca.allowPlainHttp: true (a person then accepts it in Tasklist before anything is sent)");
    } else if (plain) {
      e.check("ca.url", c.url(), v -> httpsUrl("https" + v.substring(4))); // the same rules but the scheme
      if (c.fingerprint() != null) {
        e.add("ca.fingerprint", "pins a TLS certificate; an http CA presents none: drop it, or use https");
      }
    } else {
      e.check("ca.url", c.url(), this::httpsUrl);
    }
    e.check("ca.template", c.template(), v -> null);
    Optional<CertsrvAuthentication> method = CertsrvAuthentication.of(c.authentication());
    if (method.isEmpty()) {
      e.add("ca.authentication", "unknown method '" + c.authentication() + "': one of "
          + CertsrvAuthentication.requestNames());
    } else if (plain && c.allowPlainHttp() && method.get() == CertsrvAuthentication.BASIC) { // else ca.url says it
      e.add("ca.authentication", "basic over plain http would send the enrolment password in clear with every "
          + "request, which Dunes never does: use negotiate or ntlm (a person still accepts plain HTTP), or an https "
          + "ca.url");
    }
    e.check("ca.username", c.username(), v -> method.flatMap(m -> m.accountProblem(v))
        .map(problem -> problem + " (ca.authentication: " + c.authentication()
            + (c.authentication().equals(BuildSpec.CertificateAuthority.DEFAULT_AUTHENTICATION) ? ", the default" : "")
            + ")")
        .orElse(null));
    e.check("ca.passwordRef", c.passwordRef(), this::secretRef);
    e.optional("ca.fingerprint", c.fingerprint(), this::fingerprint);
  }

  private void edge(Errors e, BuildSpec.Edge g) {
    if (!e.present("edge", g)) {
      return;
    }
    e.check("edge.managerUrl", g.managerUrl(), this::httpsUrl);
    e.check("edge.edgeId", g.edgeId(), v -> null);
    if (g.interfaceIndex() == null) {
      e.add("edge.interfaceIndex", "is required");
    } else if (g.interfaceIndex() < 0 || g.interfaceIndex() > 9) {
      e.add("edge.interfaceIndex", "an edge has interfaces 0 to 9");
    }
    e.check("edge.username", g.username(), v -> null);
    e.check("edge.passwordRef", g.passwordRef(), this::secretRef);
    e.optional("edge.fingerprint", g.fingerprint(), this::fingerprint);
  }

  private void certificate(Errors e, BuildSpec.Certificate c) {
    if (!e.present("certificate", c)) {
      return;
    }
    e.check("certificate.organization", c.organization(), v -> null);
    e.optional("certificate.organizationalUnit", c.organizationalUnit(), v -> null);
    e.check("certificate.country", c.country(), v -> COUNTRY.matcher(v).matches()
        ? null : "a two-letter ISO 3166 country code in capitals, such as DE");
  }

  private String label(String v) {
    return LABEL.matcher(v).matches() ? null : "not a valid host name (letters, digits and '-', at most 63)";
  }

  private String fqdn(String v) {
    return FQDN.matcher(v).matches() ? null : "not a valid fully qualified domain name";
  }

  private String ip(String v) {
    return Ipv4.parse(v).isPresent() ? null : "not a valid IPv4 address";
  }

  private String httpsUrl(String v) {
    try {
      URI uri = new URI(v);
      if (!"https".equalsIgnoreCase(uri.getScheme())) {
        return "must be an https URL, got '" + v + "'";
      }
      return uri.getHost() == null ? "the URL has no host" : null;
    } catch (URISyntaxException ex) {
      return "not a valid URL: " + ex.getReason();
    }
  }

  private String fingerprint(String v) {
    return SHA256.matcher(v).matches()
        ? null : "not a SHA-256 fingerprint (64 hex digits, optionally in colon-separated pairs)";
  }

  private String secretRef(String v) {
    if (!SecretRef.isWellFormed(v)) {
      return "not a secret reference name (a-z, 0-9, '.', '_', '-'); put the value in the secret store";
    }
    // the value is not repeated: a password pasted here would reach history and the callback
    return secrets.contains(new SecretRef(v)) ? null : "no secret of that name in the secret store";
  }

  /** Collects errors; checks run only on present values so one missing field gives one error. */
  private static final class Errors {
    final List<FieldError> list = new ArrayList<>();

    void add(String field, String message) {
      list.add(new FieldError(field, message));
    }

    boolean present(String field, Object value) {
      if (value == null) {
        add(field, "is required");
        return false;
      }
      return true;
    }

    void check(String field, String value, Function<String, String> rule) {
      if (value == null || value.isBlank()) {
        add(field, "is required");
      } else {
        optional(field, value, rule);
      }
    }

    void optional(String field, String value, Function<String, String> rule) {
      if (value != null) {
        String problem = rule.apply(value);
        if (problem != null) {
          add(field, problem);
        }
      }
    }

    void port(String field, Integer port) {
      if (port != null && (port < 1 || port > 65535)) {
        add(field, "a port is 1 to 65535");
      }
    }

    void unique(Map<String, String> seen, String value, String field, String what) {
      if (value == null) {
        return;
      }
      String first = seen.putIfAbsent(value.toLowerCase(Locale.ROOT), field);
      if (first != null) {
        add(field, "duplicate " + what + " '" + value + "', already used by " + first);
      }
    }
  }
}
