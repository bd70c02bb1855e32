package dunes.lab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's names (DESIGN.md section 6) and where its systems listen: the records a site's DNS
 * administrator would have made before a build, which the lab's DNS serves
 * ({@link dunes.lab.dns.LabDns}). Dunes never resolves through this book: it asks the request's
 * DNS servers.
 */
public final class LabNames {

  private final Map<String, String> addresses = new ConcurrentHashMap<>();

  public LabNames(String domain) {
    // the README's example cluster (docs/build-request.example.json): its virtual name and nodes
    add("vcvco." + domain, "127.0.0.10");
    add("vcvco1." + domain, "127.0.0.11");
    add("vcvco2." + domain, "127.0.0.12");
    add("vcoref." + domain, "127.0.0.19");
    add("ca." + domain, "127.0.0.20");
    add("vsm." + domain, "127.0.0.30");
    add("vcenter." + domain, "127.0.0.40");
    add("sso." + domain, "127.0.0.41");
    // the request's database host: the lab's SQL Server answers in-process (dunes.lab.database), but a
    // site's database has a record, and preflight asks for it
    add("db." + domain, "127.0.0.45");
  }

  public void add(String name, String address) {
    addresses.put(name.toLowerCase(), address);
  }

  public String address(String name) {
    String address = addresses.get(name.toLowerCase());
    if (address == null) {
      throw new IllegalArgumentException("the lab has no host named '" + name + "'");
    }
    return address;
  }

  public Map<String, String> all() {
    return Map.copyOf(addresses);
  }
}
