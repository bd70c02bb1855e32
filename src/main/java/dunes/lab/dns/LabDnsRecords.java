package dunes.lab.dns;

import dunes.lab.LabState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The lab zone's records, as files dnsmasq reads (hosts(5) lines, {@code address name}):
 * {@code hosts.d/lab.hosts} the lab's own names, written at every start from its configuration,
 * one {@code hosts.d/<name>.hosts} per name added, {@code conf.d/ptr-<address>.conf} per PTR record
 * that overrides a host's, and {@code removed} the lab's own names deleted since (kept across
 * restarts). Files are replaced whole (a temporary name, then a rename): dnsmasq never reads half.
 */
public final class LabDnsRecords {

  static final String LAB_FILE = "lab.hosts";
  /** RFC 1123 host names: letters, digits, hyphens, dot-separated labels. */
  private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*"
      + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private final Path dir;
  private final Map<String, String> labNames;

  /** {@code labNames}: the lab's own names and addresses, as its configuration places its systems. */
  public LabDnsRecords(Path dir, Map<String, String> labNames) {
    this.dir = dir;
    this.labNames = Map.copyOf(labNames);
    try {
      Files.createDirectories(hostsDir());
      Files.createDirectories(confDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the lab DNS's directory " + dir, e);
    }
  }

  public Path hostsDir() {
    return dir.resolve("hosts.d");
  }

  public Path confDir() {
    return dir.resolve("conf.d");
  }

  /** Writes the lab's own names, minus those deleted. */
  synchronized void writeLabFile() {
    Set<String> removed = removed();
    StringBuilder text = new StringBuilder("# the lab's own names (rewritten at every start; see docs/lab.md)\n");
    new TreeMap<>(labNames).forEach((name, address) -> {
      if (!removed.contains(name)) {
        text.append(address).append(' ').append(name).append('\n');
      }
    });
    replace(hostsDir().resolve(LAB_FILE), text.toString());
  }

  /** An A record (and its PTR) for {@code name}, replacing any the name had. */
  public synchronized void put(String name, String address) {
    String host = name(name);
    requireIpv4(address);
    replace(hostsDir().resolve(host + ".hosts"), address + " " + host + "\n");
    forgetLabName(host);
  }

  /**
   * One hosts file, {@code hosts.d/<file>.hosts}, holding several records at once (a cluster's
   * virtual name and nodes): dnsmasq serves them all, forward and reverse, from one reread and
   * without a restart. Each address's line names it for PTR, so an address appears once.
   */
  public synchronized void putFile(String file, Map<String, String> addressByName) {
    String stem = name(file);
    StringBuilder text = new StringBuilder();
    Set<String> addresses = new TreeSet<>();
    addressByName.forEach((name, address) -> {
      requireIpv4(address);
      if (!addresses.add(address)) {
        throw new IllegalArgumentException("address " + address + " given twice in " + stem);
      }
      text.append(address).append(' ').append(name(name)).append('\n');
    });
    replace(hostsDir().resolve(stem + ".hosts"), text.toString());
  }

  /** Deletes a file {@link #putFile} wrote: the names it held, none when there was no such file. */
  public synchronized List<String> deleteFile(String file) {
    Path path = hostsDir().resolve(name(file) + ".hosts");
    try {
      List<String> names = LabState.read(path).orElse("").lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.trim().split("\\s+")).filter(parts -> parts.length > 1).map(parts -> parts[1]).toList();
      Files.deleteIfExists(path);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the lab DNS records of " + file, e);
    }
  }

  /** Deletes the name's A record (and its PTR); false when the zone had none. */
  public synchronized boolean delete(String name) {
    String host = name(name);
    boolean had = forgetLabName(host);
    try {
      return Files.deleteIfExists(hostsDir().resolve(host + ".hosts")) || had;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the lab DNS record of " + host, e);
    }
  }

  /** A PTR record for {@code address} naming {@code name}, whatever name the address's A record has. */
  public synchronized void putReverse(String address, String name) {
    requireIpv4(address);
    String host = name(name);
    replace(confDir().resolve("ptr-" + address + ".conf"),
        "ptr-record=" + arpa(address) + "," + host + "\n");
  }

  /** Drops a PTR override; false when there was none. */
  public synchronized boolean deleteReverse(String address) {
    requireIpv4(address);
    try {
      return Files.deleteIfExists(confDir().resolve("ptr-" + address + ".conf"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the lab DNS PTR record of " + address, e);
    }
  }

  /** Every A record of the zone: name to address. */
  public synchronized Map<String, String> forward() {
    Map<String, String> records = new TreeMap<>();
    try (Stream<Path> files = Files.list(hostsDir())) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".hosts")).sorted().toList()) {
        LabState.read(file).orElse("").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(line -> {
          String[] parts = line.trim().split("\\s+");
          for (int i = 1; i < parts.length; i++) {
            records.put(parts[i], parts[0]);
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab DNS's records in " + hostsDir(), e);
    }
    return records;
  }

  /** The PTR overrides: address to name. */
  public synchronized Map<String, String> reverseOverrides() {
    Map<String, String> overrides = new TreeMap<>();
    try (Stream<Path> files = Files.list(confDir())) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("ptr-") && f.endsWith(".conf"))
          .forEach(f -> overrides.put(f.substring(4, f.length() - 5),
              LabState.read(confDir().resolve(f)).orElse("").trim().replaceAll("^.*,", "")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab DNS's PTR records in " + confDir(), e);
    }
    return overrides;
  }

  private boolean forgetLabName(String host) {
    if (!labNames.containsKey(host) || removed().contains(host)) {
      return false;
    }
    Set<String> removed = new TreeSet<>(removed());
    removed.add(host);
    LabState.write(dir.resolve("removed"), String.join("\n", removed) + "\n");
    writeLabFile();
    return true;
  }

  private Set<String> removed() {
    return new TreeSet<>(LabState.read(dir.resolve("removed")).orElse("").lines().filter(l -> !l.isBlank()).toList());
  }

  /**
   * Writes the file's text whole: made beside the watched directories and moved in, since dnsmasq
   * reads every file that appears in its hosts directory, a temporary one too, and would keep the
   * temporary file's names after it moved away.
   */
  private void replace(Path file, String text) {
    Path temporary = dir.resolve(file.getFileName() + ".tmp");
    LabState.write(temporary, text);
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lab DNS's " + file, e);
    }
  }

  /** RFC 1035 section 3.5: the address's octets in reverse order under in-addr.arpa. */
  static String arpa(String address) {
    String[] octets = address.split("\\.");
    return octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa";
  }

  static String name(String name) {
    String host = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a host name (RFC 1123: letters, digits, hyphens, dots)");
    }
    return host;
  }

  static void requireIpv4(String address) {
    if (address == null || !InetAddressUtils.isIPv4(address)) {
      throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
    }
  }
}
