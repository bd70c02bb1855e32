package dunes.lab;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
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

  LabApiController(LabJournal journal, LabFaults faults) {
    this.journal = journal;
    this.faults = faults;
  }

  @GetMapping("/journal")
  List<LabJournal.Entry> journal(@RequestParam(required = false) String system) {
    return system == null ? journal.entries() : journal.entries(system);
  }

  /**
   * A knob on one endpoint (or a prefix such as {@code node:vcvco1}).
   *
   * @param kind a {@link LabFaults.Kind}, or null for latency only
   * @param count the next so many calls fail; or
   * @param probability each call fails with this probability
   */
  record Knob(String endpoint, LabFaults.Kind kind, Integer count, Double probability, Long latencyMillis) {}

  @PostMapping("/faults")
  ResponseEntity<Map<String, String>> knob(@RequestBody Knob knob) {
    if (knob.endpoint() == null || knob.endpoint().isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("endpoint", "is required, e.g. ca:certfnsh"));
    }
    if (knob.kind() != null && knob.count() == null && knob.probability() == null) {
      return ResponseEntity.badRequest().body(Map.of("count", "give count or probability with kind"));
    }
    if (knob.kind() != null && knob.count() != null) {
      faults.inject(knob.endpoint(), knob.kind(), knob.count());
    } else if (knob.kind() != null) {
      faults.injectWithProbability(knob.endpoint(), knob.kind(), knob.probability());
    }
    if (knob.latencyMillis() != null) {
      faults.latency(knob.endpoint(), Duration.ofMillis(knob.latencyMillis()));
    }
    return ResponseEntity.ok(Map.of("endpoint", knob.endpoint()));
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clear() {
    faults.clear();
    return ResponseEntity.noContent().build();
  }
}
