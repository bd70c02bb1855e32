package dunes.build;

import static dunes.build.FieldRules.UrlShape.ORIGIN;
import static dunes.build.FieldRules.UrlShape.WITH_PATH;

import dunes.database.DatabaseName;
import dunes.database.SqlServerUrl;
import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.vsphere.OvfDirectory;
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
 * each naming its field, so the requester fixes the request in one round. Errors repeat a rejected
 * value only where {@link FieldEcho} allows it.
 */
@Component
public class BuildSpecValidator {

  static final Pattern TICKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SHA256 = Pattern.compile("[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  /** RFC 5280 upper bounds of the subject's organization and organizational unit names. */
  private static final int SUBJECT_NAME_MAX = 64;
  /** resolv.conf(5): "Up to MAXNS (currently 3) name servers may be listed"; more are ignored. */
  private static final int MAX_DNS_SERVERS = 3;

  private final SecretStore secrets;
  private final RequestProperties limits;
  private final OvfDirectory ovfFiles;

  public BuildSpecValidator(SecretStore secrets, RequestProperties limits, OvfDirectory ovfFiles) {
    this.secrets = secrets;
    this.limits = limits;
    this.ovfFiles = ovfFiles;
  }

  public List<FieldError> validate(BuildSpec spec) {
    Errors e = new Errors();
    e.check("ticket", spec.ticket(), v -> TICKET.matcher(v).matches() ? null
        : "a change ticket id is 1-64 letters, digits, '.', '_' or '-'");
    e.optional("requestedBy", spec.requestedBy(), FieldRules::userId);
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
    approvals(e, spec.approvals());
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
      e.check("cluster.name", c.name(), FieldRules::label);
      e.check("cluster.fqdn", c.fqdn(), this::certificateName);
      e.check("cluster.virtualIp", c.virtualIp(), FieldRules::hostAddress);
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
    if (nodes.size() < limits.minNodes() || nodes.size() > limits.maxNodes()) {
      e.add("nodes", "a cluster has " + limits.minNodes() + " to " + limits.maxNodes() + " nodes (an HA cluster needs "
          + "at least 2; dunes.request.min-nodes, max-nodes), got " + nodes.size());
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
    if (cluster != null && cluster.name() != null) {
      names.put(cluster.name().toLowerCase(Locale.ROOT), "cluster.name (the vApp's name)");
    }
    for (int i = 0; i < nodes.size(); i++) {
      String at = "nodes[" + i + "]";
      BuildSpec.Node n = nodes.get(i);
      if (!e.present(at, n)) {
        continue;
      }
      e.check(at + ".name", n.name(), FieldRules::label);
      e.check(at + ".fqdn", n.fqdn(), this::certificateName);
      e.check(at + ".ip", n.ip(), FieldRules::hostAddress);
      e.check(at + ".netmask", n.netmask(), v -> Ipv4.parse(v).filter(Ipv4::isNetmask).isPresent()
          ? null : "not a netmask (for example 255.255.255.0)");
      e.check(at + ".gateway", n.gateway(), FieldRules::hostAddress);
      e.unique(names, n.name(), at + ".name", "name");
      e.unique(fqdns, n.fqdn(), at + ".fqdn", "FQDN");
      e.unique(ips, n.ip(), at + ".ip", "IP address");
    }
    new NodeSubnet(nodes, cluster).check(e::add);
  }

  private void network(Errors e, BuildSpec.Network n) {
    if (!e.present("network", n)) {
      return;
    }
    e.check("network.domain", n.domain(), FieldRules::fqdn);
    if (n.dns().isEmpty() || n.dns().size() > MAX_DNS_SERVERS) {
      e.add("network.dns", "1 to " + MAX_DNS_SERVERS + " DNS servers (resolv.conf reads no more), got " + n.dns().size());
    }
    Map<String, String> servers = new HashMap<>();
    for (int i = 0; i < n.dns().size(); i++) {
      e.check("network.dns[" + i + "]", n.dns().get(i), FieldRules::hostAddress);
      e.unique(servers, n.dns().get(i), "network.dns[" + i + "]", "DNS server");
    }
    e.check("network.timezone", n.timezone(), FieldRules::timezone);
  }

  private void vcenter(Errors e, BuildSpec.VCenter v) {
    if (!e.present("vcenter", v)) {
      return;
    }
    e.check("vcenter.url", v.url(), u -> FieldRules.url(u, false, WITH_PATH));
    e.check("vcenter.username", v.username(), FieldRules::username);
    e.check("vcenter.passwordRef", v.passwordRef(), this::secretRef);
    e.check("vcenter.datacenter", v.datacenter(), FieldRules::inventoryName);
    e.check("vcenter.cluster", v.cluster(), FieldRules::inventoryName);
    e.optional("vcenter.resourcePool", v.resourcePool(), FieldRules::inventoryName);
    e.check("vcenter.datastore", v.datastore(), FieldRules::inventoryName);
    e.check("vcenter.network", v.network(), FieldRules::inventoryName);
    e.check("vcenter.folder", v.folder(), FieldRules::inventoryPath);
    e.optional("vcenter.fingerprint", v.fingerprint(), this::fingerprint);
  }

  private void ovf(Errors e, BuildSpec.Ovf o) {
    if (!e.present("ovf", o)) {
      return;
    }
    e.check("ovf.url", o.url(), v -> v.regionMatches(true, 0, "file:", 0, 5)
        ? ovfFiles.problem(v).orElse(null) : FieldRules.url(v, false, WITH_PATH));
    BuildSpec.Reference r = o.reference();
    if (r != null) {
      e.check("ovf.reference.url", r.url(), v -> FieldRules.url(v, false, ORIGIN));
      e.check("ovf.reference.username", r.username(), v -> v.equals("vmware")
          ? "vmware is the 8283 configurator's login; the REST API takes a vCO administrator" : FieldRules.username(v));
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
        : FieldRules.username(v));
    e.check("appliance.vcoAdminPasswordRef", a.vcoAdminPasswordRef(), this::secretRef);
    e.port("appliance.serverPort", a.serverPort());
    e.port("appliance.configPort", a.configPort());
    e.port("appliance.sshPort", a.sshPort());
    Map<String, String> ports = new HashMap<>();
    e.unique(ports, String.valueOf(a.serverPort()), "appliance.serverPort", "port");
    e.unique(ports, String.valueOf(a.configPort()), "appliance.configPort", "port");
    e.unique(ports, String.valueOf(a.sshPort()), "appliance.sshPort", "port");
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
    e.check("sso.host", s.host(), FieldRules::fqdn);
    e.port("sso.port", s.port());
    e.check("sso.adminGroup", s.adminGroup(), v -> FieldRules.text(v, 256));
    e.check("sso.username", s.username(), FieldRules::username);
    e.check("sso.passwordRef", s.passwordRef(), this::secretRef);
    e.optional("sso.fingerprint", s.fingerprint(), this::fingerprint);
    boolean ownAdmin = s.vcoAdminUsername() != null && !s.vcoAdminUsername().isBlank();
    if (ownAdmin) {
      e.optional("sso.vcoAdminUsername", s.vcoAdminUsername(), FieldRules::username);
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
    e.check("database.host", d.host(), FieldRules::fqdn);
    e.port("database.port", d.port());
    e.optional("database.instance", d.instance(), v -> SqlServerUrl.isInstanceName(v) ? null
        : "not a SQL Server instance name (1-16 letters, digits, '_' or '$', starting with a letter or '_')");
    e.check("database.name", d.name(), v -> {
      try {
        DatabaseName.of(v);
        return null;
      } catch (RuntimeException refused) {
        return "a database name is 1-" + DatabaseName.MAX_LENGTH + " characters without control characters";
      }
    });
    e.check("database.username", d.username(), FieldRules::username);
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
    } else {
      e.check("ca.url", c.url(), v -> FieldRules.url(v, plain, WITH_PATH));
      if (plain && c.fingerprint() != null) {
        e.add("ca.fingerprint", "pins a TLS certificate; an http CA presents none: drop it, or use https");
      }
    }
    e.check("ca.template", c.template(), FieldRules::template);
    Optional<CertsrvAuthentication> method = CertsrvAuthentication.of(c.authentication());
    if (method.isEmpty()) {
      e.add("ca.authentication", "unknown method '" + c.authentication() + "': one of "
          + CertsrvAuthentication.requestNames());
    } else if (plain && c.allowPlainHttp() && method.get() == CertsrvAuthentication.BASIC) { // else ca.url says it
      e.add("ca.authentication", "basic over plain http would send the enrolment password in clear with every "
          + "request, which Dunes never does: use negotiate or ntlm (a person still accepts plain HTTP), or an https "
          + "ca.url");
    }
    e.check("ca.username", c.username(), v -> Optional.ofNullable(FieldRules.username(v))
        .or(() -> method.flatMap(m -> m.accountProblem(v))
            .map(problem -> problem + " (ca.authentication: " + c.authentication()
                + (c.authentication().equals(BuildSpec.CertificateAuthority.DEFAULT_AUTHENTICATION) ? ", the default" : "")
                + ")"))
        .orElse(null));
    e.check("ca.passwordRef", c.passwordRef(), this::secretRef);
    e.optional("ca.fingerprint", c.fingerprint(), this::fingerprint);
    e.optional("ca.rootFingerprint", c.rootFingerprint(), this::fingerprint);
  }

  private void edge(Errors e, BuildSpec.Edge g) {
    if (!e.present("edge", g)) {
      return;
    }
    e.check("edge.managerUrl", g.managerUrl(), v -> FieldRules.url(v, false, ORIGIN));
    e.check("edge.edgeId", g.edgeId(), FieldRules::edgeId);
    if (g.interfaceIndex() == null) {
      e.add("edge.interfaceIndex", "is required");
    } else if (g.interfaceIndex() < 0 || g.interfaceIndex() > 9) {
      e.add("edge.interfaceIndex", "an edge has interfaces 0 to 9");
    }
    e.check("edge.username", g.username(), FieldRules::username);
    e.check("edge.passwordRef", g.passwordRef(), this::secretRef);
    e.optional("edge.fingerprint", g.fingerprint(), this::fingerprint);
  }

  /** Optional as a whole; given, it says yes or no rather than leaving the shutdown's approval unstated. */
  private void approvals(Errors e, BuildSpec.Approvals a) {
    if (a != null && a.shutdownInPlan() == null) {
      e.add("approvals.shutdownInPlan", "true (the plan's approval covers the guest shutdown of node 1 before cloning)"
          + " or false (an operator decides it when cloning starts)");
    }
  }

  private void certificate(Errors e, BuildSpec.Certificate c) {
    if (!e.present("certificate", c)) {
      return;
    }
    e.check("certificate.organization", c.organization(), v -> FieldRules.text(v, SUBJECT_NAME_MAX));
    e.optional("certificate.organizationalUnit", c.organizationalUnit(), v -> FieldRules.text(v, SUBJECT_NAME_MAX));
    e.check("certificate.country", c.country(), v -> COUNTRY.matcher(v).matches()
        ? null : "a two-letter ISO 3166 country code in capitals, such as DE");
  }

  /** A name the CA will sign: an FQDN under one of the site's certificate domains. */
  private String certificateName(String v) {
    String problem = FieldRules.fqdn(v);
    if (problem != null || limits.certificateNameAllowed(v)) {
      return problem;
    }
    return limits.certificateDomains().isEmpty()
        ? "no certificate domain is configured (dunes.request.certificate-domains): Dunes requests no certificate"
        : "certificates are issued only for names under " + String.join(", ", limits.certificateDomains())
            + " (dunes.request.certificate-domains)";
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
    return secrets.contains(new SecretRef(v)) ? null
        : "unknown secret reference " + FieldEcho.NOT_SHOWN + ": no secret of that name in the secret store";
  }

  /**
   * Collects errors; checks run only on present values so one missing field gives one error. A
   * message about a value passes {@link FieldEcho}, so no rule can repeat a secret by mistake.
   */
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
          add(field, FieldEcho.message(field, value, problem));
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
        add(field, FieldEcho.message(field, value, "duplicate " + what + " '" + value + "', already used by " + first));
      }
    }
  }
}
