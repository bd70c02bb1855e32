package dunes.pki.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * The DNS names and IP addresses a server certificate must carry as subject alternative names: for
 * a vCO cluster the virtual FQDN first, then every node's FQDN, then the addresses clients use.
 * Duplicates are dropped (DNS names ignoring case), the order is kept.
 */
public record SubjectAlternativeNames(List<String> dnsNames, List<String> ipAddresses) {

  public SubjectAlternativeNames {
    dnsNames = distinctDnsNames(dnsNames == null ? List.of() : dnsNames);
    ipAddresses = distinctAddresses(ipAddresses == null ? List.of() : ipAddresses);
  }

  /** The names of a cluster certificate: the virtual name, then each node's name, then the addresses. */
  public static SubjectAlternativeNames forCluster(String virtualFqdn, List<String> nodeFqdns, List<String> ipAddresses) {
    List<String> names = new ArrayList<>();
    names.add(virtualFqdn);
    names.addAll(nodeFqdns);
    return new SubjectAlternativeNames(names, ipAddresses);
  }

  public boolean isEmpty() {
    return dnsNames.isEmpty() && ipAddresses.isEmpty();
  }

  /** DNS names first, then IP addresses, as the extension lists them. */
  public GeneralNames generalNames() {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static List<String> distinctDnsNames(List<String> names) {
    Map<String, String> distinct = new LinkedHashMap<>();
    for (String name : names) {
      if (name == null || name.isBlank() || !name.strip().matches("[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
        throw new IllegalArgumentException("not a DNS name for a certificate: '" + name + "'");
      }
      distinct.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name.strip());
    }
    return List.copyOf(distinct.values());
  }

  private static List<String> distinctAddresses(List<String> addresses) {
    List<String> distinct = new ArrayList<>();
    for (String address : addresses) {
      String ip = address == null ? "" : address.strip();
      if (!IPAddress.isValidIPv4(ip) && !IPAddress.isValidIPv6(ip)) {
        throw new IllegalArgumentException("not an IP address for a certificate: '" + address + "'");
      }
      if (!distinct.contains(ip)) {
        distinct.add(ip);
      }
    }
    return List.copyOf(distinct);
  }
}
