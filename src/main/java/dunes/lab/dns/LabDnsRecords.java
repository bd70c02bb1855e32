package dunes.lab.dns;

import dunes.lab.LabState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The lab zone's records, as hosts(5) files dnsmasq reads from its hosts directory, which it
 * rereads on every change (no restart): {@code hosts.d/lab.hosts} the lab's own names, written at
 * every start from its configuration, one {@code hosts.d/<address>.hosts} per address given names,
 * files of several records ({@link #putFile}), and {@code removed} the lab's own names deleted since
 * (kept across restarts). dnsmasq derives each address's PTR record from the first name it read for
 * that address, so all names of one address live in one file, in the order that names the PTR: a
 * PTR override's line, then the names put there, the newest first. Files are replaced whole (a
 * temporary name, then a rename): dnsmasq never reads half.
 */
public final class LabDnsRecords {

  static final String LAB_FILE = "lab.hosts";
  /** Marks the line {@link #putReverse} wrote: its name is first for the address, the PTR's. */
  private static final String REVERSE = "# reverse";
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the lab DNS's directory " + dir, e);
    }
  }

  public Path hostsDir() {
    return dir.resolve("hosts.d");
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

  /**
   * Records an earlier lab kept otherwise, moved into their address's file: a file per name
   * ({@code hosts.d/<name>.hosts}, whose PTR depended on the order dnsmasq read files in) and PTR
   * overrides in {@code conf.d/ptr-<address>.conf} (dnsmasq read those only at start).
   */
  synchronized void migrate() {
    try (Stream<Path> files = Files.list(hostsDir())) {
      for (Path file : files.toList()) {
        String stem = file.getFileName().toString().replaceFirst("\\.hosts$", "");
        List<String[]> lines = lines(file);
        if (!InetAddressUtils.isIPv4(stem) && lines.size() == 1 && lines.get(0).length == 2
            && lines.get(0)[1].equals(stem)) {
          List<String> names = addressLines(lines.get(0)[0]);
          names.add(lines.get(0)[0] + " " + stem);
          writeAddress(lines.get(0)[0], names);
          Files.delete(file);
        }
      }
      Path conf = dir.resolve("conf.d");
      if (Files.isDirectory(conf)) {
        try (Stream<Path> overrides = Files.list(conf)) {
          for (Path file : overrides.filter(f -> f.getFileName().toString().startsWith("ptr-")).toList()) {
            String name = LabState.read(file).orElse("").trim().replaceAll("^.*,", "");
            putReverse(file.getFileName().toString().replaceAll("^ptr-|\\.conf$", ""), name);
            Files.delete(file);
          }
        }
        Files.deleteIfExists(conf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the lab DNS's earlier records in " + dir, e);
    }
  }

  /**
   * An A record for {@code name} at {@code address}, replacing any the name had, and the address's
   * PTR record naming it: the name goes first among the address's names (after a PTR override).
   */
  public synchronized void put(String name, String address) {
    String host = name(name);
    requireIpv4(address);
    removeName(host, false);
    forgetLabName(host);
    List<String> lines = addressLines(address);
    lines.add(lines.isEmpty() || !lines.get(0).endsWith(REVERSE) ? 0 : 1, address + " " + host);
    writeAddress(address, adoptLabNames(address, lines));
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
      List<String> names = lines(path).stream().filter(parts -> parts.length > 1).map(parts -> parts[1]).toList();
      Files.deleteIfExists(path);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the lab DNS records of " + file, e);
    }
  }

  /** Deletes the name's A records (and the PTRs naming it); false when the zone had none. */
  public synchronized boolean delete(String name) {
    String host = name(name);
    boolean had = forgetLabName(host);
    return removeName(host, true) || had;
  }

  /**
   * The PTR record of {@code address} naming {@code name}, whatever names the address's A records
   * have: a line ahead of theirs, so that name is dnsmasq's PTR for it. A hosts line is an A record
   * too, so {@code name} answers at {@code address} as well (besides any address it has).
   */
  public synchronized void putReverse(String address, String name) {
    requireIpv4(address);
    String host = name(name);
    List<String> lines = addressLines(address);
    lines.removeIf(line -> line.endsWith(REVERSE));
    lines.add(0, address + " " + host + " " + REVERSE);
    writeAddress(address, adoptLabNames(address, lines));
  }

  /** Drops a PTR override: the address's PTR names its first name again. False when there was none. */
  public synchronized boolean deleteReverse(String address) {
    requireIpv4(address);
    List<String> lines = addressLines(address);
    boolean had = lines.removeIf(line -> line.endsWith(REVERSE));
    if (had) {
      writeAddress(address, lines);
    }
    return had;
  }

  /** The name the address's PTR record gives, its first in its file; empty when the lab put none there. */
  synchronized Optional<String> reverse(String address) {
    return addressLines(address).stream().findFirst().map(line -> line.split("\\s+")[1]);
  }

  /** Every A record of the zone: name to address (a name with several, one of them). */
  public synchronized Map<String, String> forward() {
    Map<String, String> records = new TreeMap<>();
    try (Stream<Path> files = Files.list(hostsDir())) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".hosts")).sorted().toList()) {
        lines(file).forEach(parts -> {
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
    try (Stream<Path> files = Files.list(hostsDir())) {
      files.map(f -> f.getFileName().toString().replaceFirst("\\.hosts$", "")).filter(InetAddressUtils::isIPv4)
          .forEach(address -> addressLines(address).stream().filter(line -> line.endsWith(REVERSE)).findFirst()
              .ifPresent(line -> overrides.put(address, line.split("\\s+")[1])));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab DNS's records in " + hostsDir(), e);
    }
    return overrides;
  }

  /** Drops the name's lines from every address's file (its PTR overrides too when {@code overrides}); true when it had one. */
  private boolean removeName(String host, boolean overrides) {
    boolean had = false;
    try (Stream<Path> files = Files.list(hostsDir())) {
      for (String address : files.map(f -> f.getFileName().toString().replaceFirst("\\.hosts$", ""))
          .filter(InetAddressUtils::isIPv4).toList()) {
        List<String> lines = addressLines(address);
        if (lines.removeIf(line -> line.split("\\s+")[1].equals(host) && (overrides || !line.endsWith(REVERSE)))) {
          writeAddress(address, lines);
          had = true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab DNS's records in " + hostsDir(), e);
    }
    return had;
  }

  /**
   * The lab's own names on the address move from the lab's file to the end of the address's: one
   * file per address keeps its PTR the same whichever file dnsmasq reads first.
   */
  private List<String> adoptLabNames(String address, List<String> lines) {
    Set<String> removed = removed();
    new TreeMap<>(labNames).forEach((name, at) -> {
      if (at.equals(address) && !removed.contains(name) && forgetLabName(name)) {
        lines.add(address + " " + name);
      }
    });
    return lines;
  }

  /** The address's file's lines, in order (a mutable copy). */
  private List<String> addressLines(String address) {
    return new ArrayList<>(LabState.read(hostsDir().resolve(address + ".hosts")).orElse("").lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
  }

  /** Writes the address's file, or deletes it when no name is left. */
  private void writeAddress(String address, List<String> lines) {
    Path file = hostsDir().resolve(address + ".hosts");
    if (lines.isEmpty()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the lab DNS's " + file, e);
      }
    } else {
      replace(file, String.join("\n", lines) + "\n");
    }
  }

  /** A hosts file's records, comments dropped: the address, then its names. */
  private static List<String[]> lines(Path file) {
    return LabState.read(file).orElse("").lines().map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")).toList();
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
