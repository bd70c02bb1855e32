package dunes.lab;

import dunes.lab.dns.LabClusters;
import dunes.lab.dns.LabDns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The lab's knobs and journal over HTTP, for demos and for tests of a running lab. */
@RestController
@Profile("lab")
@RequestMapping("/lab/api")
class LabApiController {

  private final LabJournal journal;
  private final LabFaults faults;
  private final ObjectProvider<LabDns> dns;
  private final ObjectProvider<LabClusters> clusters;

  LabApiController(LabJournal journal, LabFaults faults, ObjectProvider<LabDns> dns,
      ObjectProvider<LabClusters> clusters) {
    this.journal = journal;
    this.faults = faults;
    this.dns = dns;
    this.clusters = clusters;
  }

  @GetMapping("/journal")
  List<LabJournal.Entry> journal(@RequestParam(required = false) String system) {
    return system == null ? journal.entries() : journal.entries(system);
  }

  /** A knob on one endpoint (or a prefix such as {@code node:vcvco1}); latency as ISO-8601, e.g. PT0.5S. */
  @PostMapping("/faults")
  ResponseEntity<Map<String, String>> knob(@RequestBody Map<String, String> body) {
    Knob knob;
    try {
      knob = new Knob(body.get("endpoint"),
          body.get("kind") == null ? null : LabFaults.Kind.valueOf(body.get("kind")),
          body.get("count") == null ? null : Integer.valueOf(body.get("count")),
          body.get("probability") == null ? null : Double.valueOf(body.get("probability")),
          body.get("latency") == null ? null : Duration.parse(body.get("latency")));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      return ResponseEntity.badRequest().body(Map.of("message", e.getMessage()));
    }
    knob.applyTo(faults);
    return ResponseEntity.ok(Map.of("endpoint", knob.endpoint()));
  }

  /** The faults handed out so far, per endpoint and kind. */
  @GetMapping("/faults")
  Map<String, Map<String, Long>> injected() {
    return faults.injected();
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clear() {
    faults.clear();
    return ResponseEntity.noContent().build();
  }

  /** The lab zone: every A record (name to address) and every PTR override (address to name). */
  @GetMapping("/dns")
  ResponseEntity<?> dnsRecords() {
    return withDns(server -> ResponseEntity.ok(server.all()));
  }

  /** Adds or moves a name's A record, body {@code {"address": "127.0.0.60"}}; served when this answers. */
  @PutMapping("/dns/{name}")
  ResponseEntity<?> putRecord(@PathVariable String name, @RequestBody Map<String, String> body) {
    return withDns(server -> {
      server.put(name, body.get("address"));
      return ResponseEntity.ok(Map.of("name", name, "address", body.get("address")));
    });
  }

  @DeleteMapping("/dns/{name}")
  ResponseEntity<?> deleteRecord(@PathVariable String name) {
    return withDns(server -> server.delete(name) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build());
  }

  /** A PTR record for an address naming any name (a wrong one, for a test), body {@code {"name": "x.lab.local"}}. */
  @PutMapping("/dns/reverse/{address}")
  ResponseEntity<?> putReverse(@PathVariable String address, @RequestBody Map<String, String> body) {
    return withDns(server -> {
      server.putReverse(address, body.get("name"));
      return ResponseEntity.ok(Map.of("address", address, "name", body.get("name")));
    });
  }

  @DeleteMapping("/dns/reverse/{address}")
  ResponseEntity<?> deleteReverse(@PathVariable String address) {
    return withDns(server -> server.deleteReverse(address) ? ResponseEntity.noContent().build()
        : ResponseEntity.notFound().build());
  }

  /**
   * Names and addresses for one more build, body {@code {"nodes": 2}}: a cluster name, virtual IP,
   * netmask, gateway and each node's name and address, free, with their A and PTR records served
   * when this answers (201).
   */
  @PostMapping("/clusters")
  ResponseEntity<?> allocateCluster(@RequestBody Map<String, Integer> body) {
    return withDns(server -> ResponseEntity.status(HttpStatus.CREATED)
        .body(clusters.getObject().allocate(body.getOrDefault("nodes", 2))));
  }

  /** Drops a cluster's records: its names and addresses are free again. */
  @DeleteMapping("/clusters/{name}")
  ResponseEntity<?> releaseCluster(@PathVariable String name) {
    return withDns(server -> clusters.getObject().release(name) ? ResponseEntity.noContent().build()
        : ResponseEntity.notFound().build());
  }

  /**
   * The lab's DNS, or 409 beside a lab run alone (that lab's DNS takes records in its hosts
   * directory, docs/lab.md); a name or address that is none is 400.
   */
  private ResponseEntity<?> withDns(Function<LabDns, ResponseEntity<?>> call) {
    LabDns server = dns.getIfAvailable();
    if (server == null) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("message",
          "the lab's DNS runs with the lab's systems (dunes.lab.systems=external): edit its hosts directory"));
    }
    try {
      return call.apply(server);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("message", e.getMessage()));
    } catch (IllegalStateException e) { // the cluster range is used up, or dnsmasq did not serve in time
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("message", e.getMessage()));
    }
  }
}
