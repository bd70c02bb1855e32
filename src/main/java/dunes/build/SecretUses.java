package dunes.build;

import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a build sends each secret its request names: the field, the secret, the destination. The
 * validator checks every use against the secret's binding before anything starts; the adapters
 * check their own destination again when they send (the same host and port, read from what they
 * connect to). A node is reached at its IP address, as every adapter reaches it.
 */
public final class SecretUses {

  /**
   * One send of {@code secret}, named by the request's {@code field}, to the destination the fields
   * {@code where} name (a URL, a host, a node's address).
   */
  public record Use(String field, SecretRef secret, Destination destination, List<String> where) {}

  private SecretUses() {}

  /** vCenter's SDK, as {@code vcenter.url} names it: Dunes logs in there, and node 1's vCenter plug-in too. */
  public static Destination vcenter(BuildSpec.VCenter vcenter) {
    URI url = url(vcenter.url());
    return Destination.to(Purpose.VCENTER, url.getHost(), Destination.port(url));
  }

  /** SSO, where vCO registers with the SSO administrator's password. */
  public static Destination sso(BuildSpec.Sso sso) {
    return Destination.to(Purpose.SSO_ADMIN, sso.host(), sso.port());
  }

  /** The vCO database's SQL Server: Dunes logs in there, and vCO too. */
  public static Destination database(BuildSpec.Database database) {
    return Destination.to(Purpose.DATABASE, database.host(), database.port());
  }

  /**
   * Every use the request makes of a secret. A use whose destination the request does not say
   * well enough (a URL without a host, a node without a valid address) is left out: another field
   * error refuses that request already.
   */
  public static List<Use> of(BuildSpec spec) {
    Uses uses = new Uses();
    List<Integer> nodes = new ArrayList<>(); // the nodes with a valid address, by index
    for (int i = 0; i < spec.nodes().size(); i++) {
      if (spec.nodes().get(i) != null && Ipv4.parse(spec.nodes().get(i).ip()).isPresent()) {
        nodes.add(i);
      }
    }
    BuildSpec.Appliance appliance = spec.appliance();
    BuildSpec.VCenter vcenter = spec.vcenter();
    if (vcenter != null) {
      uses.add("vcenter.passwordRef", vcenter.passwordRef(), () -> vcenter(vcenter), "vcenter.url");
      if (appliance != null) {
        nodes.forEach(i -> uses.add("vcenter.passwordRef", vcenter.passwordRef(),
            () -> vcenter(vcenter).through(ip(spec, i), appliance.serverPort()), "vcenter.url", ipField(i)));
      }
    }
    if (spec.ovf() != null && spec.ovf().reference() != null) {
      BuildSpec.Reference reference = spec.ovf().reference();
      uses.add("ovf.reference.passwordRef", reference.passwordRef(), () -> {
        URI url = url(reference.url());
        return Destination.to(Purpose.VCO_REST, url.getHost(), Destination.port(url));
      }, "ovf.reference.url");
    }
    if (appliance != null) {
      for (int i : nodes) {
        String ip = ip(spec, i);
        uses.add("appliance.rootPasswordRef", appliance.rootPasswordRef(),
            () -> Destination.buildNode(Purpose.APPLIANCE_ROOT, ip, appliance.sshPort()), ipField(i));
        uses.add("appliance.configPasswordRef", appliance.configPasswordRef(),
            () -> Destination.buildNode(Purpose.VCO_CONFIG, ip, appliance.configPort()), ipField(i));
        uses.add("appliance.vcoAdminPasswordRef", appliance.vcoAdminPasswordRef(),
            () -> Destination.buildNode(Purpose.VCO_REST, ip, appliance.serverPort()), ipField(i));
      }
    }
    BuildSpec.Sso sso = spec.sso();
    if (sso != null && appliance != null) {
      String restField = sso.vcoAdminUsername() == null || sso.vcoAdminUsername().isBlank()
          ? "sso.passwordRef" : "sso.vcoAdminPasswordRef";
      for (int i : nodes) {
        String ip = ip(spec, i);
        uses.add("sso.passwordRef", sso.passwordRef(), () -> sso(sso).through(ip, appliance.serverPort()),
            "sso.host", ipField(i));
        uses.add(restField, sso.restPasswordRef(),
            () -> Destination.buildNode(Purpose.VCO_REST, ip, appliance.serverPort()), ipField(i));
      }
    }
    BuildSpec.Database database = spec.database();
    if (database != null) {
      uses.add("database.passwordRef", database.passwordRef(), () -> database(database), "database.host");
      if (appliance != null) {
        nodes.forEach(i -> uses.add("database.passwordRef", database.passwordRef(),
            () -> database(database).through(ip(spec, i), appliance.serverPort()), "database.host", ipField(i)));
      }
    }
    if (spec.ca() != null) {
      uses.add("ca.passwordRef", spec.ca().passwordRef(), () -> {
        URI url = url(spec.ca().url());
        return Destination.to(Purpose.CA_ENROLMENT, url.getHost(), Destination.port(url));
      }, "ca.url");
    }
    if (spec.edge() != null) {
      uses.add("edge.passwordRef", spec.edge().passwordRef(), () -> {
        URI url = url(spec.edge().managerUrl());
        return Destination.to(Purpose.EDGE, url.getHost(), Destination.port(url));
      }, "edge.managerUrl");
    }
    return uses.list;
  }

  private static String ip(BuildSpec spec, int node) {
    return spec.nodes().get(node).ip();
  }

  private static String ipField(int node) {
    return "nodes[" + node + "].ip";
  }

  /** @throws IllegalArgumentException for a missing or malformed URL */
  private static URI url(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no URL");
    }
    return URI.create(text);
  }

  private static final class Uses {
    final List<Use> list = new ArrayList<>();

    void add(String field, String ref, Supplier<Destination> destination, String... where) {
      if (!SecretRef.isWellFormed(ref)) {
        return;
      }
      try {
        list.add(new Use(field, new SecretRef(ref), destination.get(), List.of(where)));
      } catch (IllegalArgumentException e) {
        // the destination is not well said: the field that says it has its own error
      }
    }
  }
}
