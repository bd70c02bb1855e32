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
}
