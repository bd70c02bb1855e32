package dunes.support;

import dunes.lab.LabJournal;
import dunes.lab.LabMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The lab alone ({@link LabMain}) in a JVM of its own, with its durable state under one directory
 * and its systems on {@code 127.0.<octet>.x} at fixed ports, so a restarted lab answers where the
 * last one did: CA .20, vShield Manager .30, vCenter .40:18989, SSO .41, reference appliance .19,
 * change management's receiver .50:18090, its DNS .53 ({@link ExampleRequest#LAB_DNS_PORT}), all TLS
 * servers on 18443. Dunes processes beside it take
 * {@link #dunesProperties()}; what the lab did is read from its journal file.
 */
public final class LabProcess implements AutoCloseable {

  public static final int PORT = 18443;
  public static final int VCENTER_PORT = 18989;
  public static final int CHANGES_PORT = 18090;

  private final String prefix;
  private final Path state;
  private final List<String> extra;
  private Process process;
  private Map<String, String> printed = Map.of();

  private LabProcess(int octet, Path state, List<String> extra) {
    this.prefix = "127.0." + octet + ".";
    this.state = state.toAbsolutePath();
    this.extra = List.copyOf(extra);
  }

  /** A lab on {@code 127.0.<octet>.x} keeping its state in {@code state}; {@code extra}: further lab properties. */
  public static LabProcess at(int octet, Path state, Map<String, String> extra) {
    List<String> arguments = new ArrayList<>();
    extra.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    return new LabProcess(octet, state, arguments);
  }

  /** The properties that place the lab's systems and its state, for the lab and for Dunes beside it alike. */
  public Map<String, String> placement() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("dunes.lab.state-dir", state.toString());
    properties.put("dunes.lab.credentials-file", state.resolve("lab-credentials.properties").toString());
    properties.put("dunes.lab.ca.address", address(20));
    properties.put("dunes.lab.ca.port", String.valueOf(PORT));
    properties.put("dunes.lab.ca.mode", "AUTO_ISSUE"); // the lab profile holds requests; the builds here play no CA manager
    properties.put("dunes.lab.edge.address", address(30));
    properties.put("dunes.lab.edge.port", String.valueOf(PORT));
    properties.put("dunes.lab.sso.address", address(41));
    properties.put("dunes.lab.sso.port", String.valueOf(PORT));
    properties.put("dunes.lab.vsphere.address", address(40));
    properties.put("dunes.lab.vsphere.port", String.valueOf(VCENTER_PORT));
    properties.put("dunes.lab.vsphere.work-dir", state.resolve("vsphere").toString());
    properties.put("dunes.lab.nodes.work-dir", state.resolve("nodes").toString());
    properties.put("dunes.lab.reference.address", address(19));
    properties.put("dunes.lab.reference.work-dir", state.resolve("reference").toString());
    properties.put("dunes.lab.changes.address", address(50));
    properties.put("dunes.lab.changes.port", String.valueOf(CHANGES_PORT));
    properties.put("dunes.lab.dns.address", dns());
    properties.put("dunes.lab.dns.port", String.valueOf(ExampleRequest.LAB_DNS_PORT));
    return properties;
  }

  /** Dunes beside this lab: the lab profile's names and secrets, none of its systems. */
  public Map<String, String> dunesProperties() {
    Map<String, String> properties = new LinkedHashMap<>(placement());
    properties.put("dunes.lab.systems", "external");
    properties.put("dunes.dns.port", String.valueOf(ExampleRequest.LAB_DNS_PORT));
    properties.put("dunes.change-management.callback-url", "http://" + address(50) + ":" + CHANGES_PORT + "/changes");
    return properties;
  }

  /** The lab's DNS server: what every request of a build beside this lab names in {@code network.dns}. */
  public String dns() {
    return address(53);
  }

  /**
   * A record in the lab's DNS as a user adds one by hand (docs/lab.md): a file in its hosts directory,
   * served once dnsmasq has read it (this returns then).
   */
  public void dnsRecord(String name, String address) {
    new dunes.lab.dns.LabDnsRecords(state.resolve("dns"), Map.of()).put(name, address);
    dunes.dns.NameLookup lookup = new dunes.dns.DnsjavaNameLookup(
        new dunes.dns.DnsProperties(java.time.Duration.ofSeconds(1), ExampleRequest.LAB_DNS_PORT));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> lookup.forward(name, List.of(dns())), List.of(address)::equals);
  }

  public String address(int host) {
    return prefix + host;
  }

  public Path state() {
    return state;
  }

  /**
   * Starts the lab and waits for its {@code READY}; returns what it printed (fingerprints by system,
   * {@code adopted}). A lab left running by an earlier start must be killed or closed first.
   */
  public Map<String, String> start() throws IOException {
    Files.createDirectories(state);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classpath(), LabMain.class.getName(), "--logging.level.root=WARN"));
    placement().forEach((key, value) -> command.add("--" + key + "=" + value));
    command.addAll(extra);
    process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(state.resolve("lab-process.log").toFile())).start();
    Map<String, String> lines = new HashMap<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    for (; line != null && !line.equals("READY"); line = out.readLine()) {
      String[] parts = line.split(" ", 2);
      if (parts.length == 2) {
        lines.put(parts[0], parts[1]);
      }
    }
    if (line == null) {
      throw new IllegalStateException("the lab process ended before READY; see " + state.resolve("lab-process.log"));
    }
    // keep reading what it prints, so a full pipe never stalls it
    BufferedReader rest = out;
    Thread drain = new Thread(() -> {
      try {
        while (rest.readLine() != null) {
          // discarded: the log holds what matters
        }
      } catch (IOException ended) {
        // the process ended
      }
    }, "lab-process-stdout");
    drain.setDaemon(true);
    drain.start();
    printed = Map.copyOf(lines);
    return printed;
  }

  /** What the last start printed: {@code ca-root}, {@code ca-server}, {@code vsm}, {@code sso}, {@code vcenter}, {@code adopted}. */
  public Map<String, String> printed() {
    return printed;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: nothing written at the end; the lab's vCenter (its own process) runs on. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Every entry the lab journalled so far, read from its file (the lab's own journal, not Dunes's stand-in's). */
  public List<LabJournal.Entry> journal() {
    return LabJournal.at(state.resolve("journal.jsonl")).entries();
  }

  /** A lab secret's value, from the credentials file the lab made at its first start. */
  public String secret(String name) throws IOException {
    Properties saved = new Properties();
    try (InputStream in = Files.newInputStream(state.resolve("lab-credentials.properties"))) {
      saved.load(in);
    }
    return saved.getProperty("secret." + name);
  }

  /** Stops the lab (SIGTERM, then SIGKILL) and its vCenter, whose pid the lab keeps in its state. */
  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
    Path pid = state.resolve("vsphere").resolve("vcsim.pid");
    if (Files.isRegularFile(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(p -> p.info().command()
          .map(c -> c.endsWith("vcsim")).orElse(false)).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** The test classpath without the working directory (its processes/ would deploy twice in a Dunes beside it). */
  static String classpath() {
    Path here = Path.of("").toAbsolutePath();
    return String.join(File.pathSeparator, java.util.Arrays.stream(System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")).split(File.pathSeparator))
        .filter(e -> !e.isBlank() && !Path.of(e).toAbsolutePath().normalize().equals(here)).toList());
  }
}
