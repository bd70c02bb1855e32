package dunes.lab.dns;

import dunes.dns.DnsProperties;
import dunes.dns.DnsjavaNameLookup;
import dunes.dns.NameLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's DNS server: dnsmasq on {@code address:port} serving the lab zone forward and reverse
 * from {@link LabDnsRecords}, as a site's DNS administrator would have prepared it. Changes are
 * served at once (dnsmasq watches the hosts directory); each method here returns once the server
 * answers the change, so a test reads no stale answer. It stops with the lab; the records are files
 * and outlive it.
 */
public final class LabDns implements AutoCloseable {

  private static final Duration SERVED = Duration.ofSeconds(10);
  /** dnsmasq's --log-queries line: {@code dnsmasq[pid]: query[A] vcenter.lab.local from 127.0.0.1}. */
  private static final Pattern QUESTION = Pattern.compile(": query\\[A\\] (\\S+) from ");

  /**
   * @param address where it listens (the example request's {@code network.dns}, 127.0.0.53)
   * @param port 53; a lab run by a user other than root cannot bind it and serves on another port
   *     (Dunes's {@code dunes.dns.port} then names the same)
   * @param domain the lab zone ({@code lab.local})
   * @param dir its files: hosts.d, conf.d, dnsmasq.log
   */
  public record Settings(String address, int port, String domain, Path dir) {}

  private final Settings settings;
  private final LabDnsRecords records;
  private final Dnsmasq dnsmasq;
  private final NameLookup lookup;

  private LabDns(Settings settings, LabDnsRecords records, Dnsmasq dnsmasq) {
    this.settings = settings;
    this.records = records;
    this.dnsmasq = dnsmasq;
    this.lookup = new DnsjavaNameLookup(new DnsProperties(Duration.ofMillis(500), settings.port()));
  }

  /** Writes the lab's own names and starts dnsmasq ({@code binary}); returns once it answers. */
  public static LabDns start(Path binary, Settings settings, Map<String, String> labNames) {
    LabDnsRecords records = new LabDnsRecords(settings.dir(), labNames);
    records.migrate();
    records.writeLabFile();
    LabDns dns = new LabDns(settings, records, new Dnsmasq(binary, settings, records.hostsDir()));
    dns.dnsmasq.start();
    dns.awaitAnswering();
    return dns;
  }

  /** {@code address:port}, as Dunes names a server off port 53. */
  public String server() {
    return settings.address() + ":" + settings.port();
  }

  public Settings settings() {
    return settings;
  }

  /** The files a user may edit by hand: hosts(5) files in {@code hosts.d}, served when saved. */
  public LabDnsRecords records() {
    return records;
  }

  /**
   * Adds (or moves) {@code name}'s A record and has the PTR of its address name it, whatever names
   * the address had before (they keep their A records): as a DNS administrator records a host.
   */
  public void put(String name, String address) {
    records.put(name, address);
    await(() -> ask(() -> lookup.forward(name, List.of(server())).equals(List.of(address))
        && lookup.reverse(address, List.of(server())).equals(records.reverse(address).stream().toList())),
        name + " <-> " + address);
  }

  /**
   * Several names at once in one hosts file ({@link LabDnsRecords#putFile}): served forward and
   * reverse without a restart of dnsmasq; returns once every name and address answers.
   */
  public void putFile(String file, Map<String, String> addressByName) {
    records.putFile(file, addressByName);
    addressByName.forEach((name, address) -> await(() -> ask(() ->
        lookup.forward(name, List.of(server())).equals(List.of(address))
            && lookup.reverse(address, List.of(server())).equals(List.of(LabDnsRecords.name(name)))),
        name + " <-> " + address));
  }

  /** Drops a file {@link #putFile} wrote: its names answer NXDOMAIN once this returns. */
  public boolean deleteFile(String file) {
    List<String> names = records.deleteFile(file);
    names.forEach(name -> await(() -> ask(() -> lookup.forward(name, List.of(server())).isEmpty()), name + " deleted"));
    return !names.isEmpty();
  }

  /** Deletes {@code name}'s A record: the server answers NXDOMAIN for it. False when it had none. */
  public boolean delete(String name) {
    boolean had = records.delete(name);
    await(() -> ask(() -> lookup.forward(name, List.of(server())).isEmpty()), name + " deleted");
    return had;
  }

  /**
   * A PTR record for {@code address} naming {@code name} — a wrong one, when the address's A record
   * has another name. dnsmasq derives PTRs from hosts lines only, so {@code name} answers at the
   * address too ({@link LabDnsRecords#putReverse}); served without a restart.
   */
  public void putReverse(String address, String name) {
    records.putReverse(address, name);
    await(() -> ask(() -> lookup.reverse(address, List.of(server())).equals(List.of(LabDnsRecords.name(name)))),
        address + " PTR " + name);
  }

  /** Drops a PTR override: the address's PTR names its first name again (none when it has no other). */
  public boolean deleteReverse(String address) {
    boolean had = records.deleteReverse(address);
    if (had) {
      await(() -> ask(() -> lookup.reverse(address, List.of(server())).equals(records.reverse(address).stream().toList())),
          address + " PTR restored");
    }
    return had;
  }

  /** Every A record, name to address, and the PTR overrides, address to name. */
  public Map<String, Map<String, String>> all() {
    return Map.of("forward", records.forward(), "reverseOverrides", records.reverseOverrides());
  }

  /** The names asked for (A questions, in order) since the log began: what clients asked this server. */
  public List<String> questions() {
    try (var lines = Files.lines(dnsmasq.log())) {
      return lines.map(QUESTION::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab DNS's log " + dnsmasq.log(), e);
    }
  }

  @Override
  public void close() {
    dnsmasq.close();
  }

  private void awaitAnswering() {
    await(() -> {
      if (!dnsmasq.alive()) {
        throw new IllegalStateException("the lab's DNS server (dnsmasq) stopped: " + dnsmasq.lastWords()
            + (settings.port() < 1024 ? "; a lab not run as root needs dunes.lab.dns.port above 1023"
            + " (and dunes.dns.port to match)" : "") + "; see " + dnsmasq.log());
      }
      return ask(() -> {
        lookup.forward("dns." + settings.domain(), List.of(server()));
        return true;
      });
    }, "dnsmasq answering on " + server());
  }

  private static boolean ask(BooleanSupplier question) {
    try {
      return question.getAsBoolean();
    } catch (NameLookup.DnsUnavailableException notYet) {
      return false;
    }
  }

  /** Polls the server (it rereads the files on its own inotify event, within milliseconds). */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + SERVED.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the lab's DNS server did not serve " + what + " within " + SERVED);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the lab's DNS server", e);
      }
    }
  }
}
