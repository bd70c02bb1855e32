package dunes.lab.vsphere;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The durations the vSphere simulator imposed on purpose (a guest's Tools heartbeat delay, a vApp's
 * start and stop delays, a CloneVM_Task's copy), read from the lines it writes to its log for each
 * ({@code src/vcsim/simulator/dunes_imposed.go}): the simulator is a process of its own, so it cannot
 * note them in the lab's journal itself.
 */
final class SimulatorImposed {

  static final String PREFIX = "DUNES-IMPOSED ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulatorImposed() {}

  /** Every imposed duration in {@code log} (it spans the simulator's runs; none yet: empty). */
  static List<LabJournal.Imposed> read(Path log) {
    if (!Files.exists(log)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.startsWith(PREFIX)).map(l -> parse(l.substring(PREFIX.length()))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vSphere simulator's log " + log, e);
    }
  }

  static LabJournal.Imposed parse(String json) {
    try {
      JsonNode line = JSON.readTree(json);
      return new LabJournal.Imposed(line.path("system").asText(), line.path("target").asText(),
          line.path("call").asText(), Instant.parse(line.path("start").asText()),
          Duration.ofNanos(line.path("nanos").asLong()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the vSphere simulator wrote an unreadable imposed duration: " + json, e);
    }
  }
}
