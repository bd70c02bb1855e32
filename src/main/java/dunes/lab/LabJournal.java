package dunes.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every state-changing call the lab's systems received, in order: what tests read to prove that
 * a step acted exactly once, and what an operator reads to see what a build did to the lab.
 * A durable journal appends each entry to its file (one JSON object a line) before the call it
 * records answers, and reads them back at the next start, so it counts across lab restarts.
 * Beside the calls, it keeps in memory every duration the lab imposed on purpose ({@link Imposed}):
 * what a benchmark compares a build's wall time with.
 */
public final class LabJournal {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  /**
   * @param system ca, edge, node, vsphere, changes
   * @param target the object acted on: a node name, an edge id, a request id
   * @param operation what was done, e.g. "submit", "publish", "restart"
   */
  public record Entry(long seq, Instant at, String system, String target, String operation, String detail) {}

  /**
   * A duration the lab imposed on purpose, standing for time the real system takes (a service start,
   * a workflow run, a boot, an injected latency), as opposed to the time the lab spends on its work.
   *
   * @param system node, vsphere, ca, edge…
   * @param target the object that took the time: a node or VM name, a vApp, an endpoint
   * @param call what took it, e.g. "vco-server-starting", "workflow Sleep", "latency"
   */
  public record Imposed(String system, String target, String call, Instant start, Duration duration) {
    public Instant end() {
      return start.plus(duration);
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  /** this process's measurement, not an audit: in memory only, even for a durable journal */
  private final List<Imposed> imposed = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  /** null: in memory */
  private final Path file;

  /** A journal in memory, as the adapter tests use it. */
  public LabJournal() {
    this.file = null;
  }

  private LabJournal(Path file) {
    this.file = file;
    for (String line : LabState.lines(file)) {
      try {
        Entry entry = JSON.readValue(line, Entry.class);
        entries.add(entry);
        sequence.set(Math.max(sequence.get(), entry.seq()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the lab journal " + file + " has an unreadable line: " + e.getOriginalMessage(),
            e);
      }
    }
  }

  /** The journal kept in {@code file}, with what it already holds; in memory when {@code file} is null. */
  public static LabJournal at(Path file) {
    return file == null ? new LabJournal() : new LabJournal(file);
  }

  public synchronized Entry record(String system, String target, String operation, String detail) {
    Entry entry = new Entry(sequence.incrementAndGet(), Instant.now(), system, target, operation, detail);
    if (file != null) {
      try {
        LabState.append(file, JSON.writeValueAsString(entry));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a lab journal entry", e);
      }
    }
    entries.add(entry);
    return entry;
  }

  /** Notes a duration imposed on purpose; zero and negative durations are no imposition. */
  public void imposed(String system, String target, String call, Instant start, Duration duration) {
    if (!duration.isNegative() && !duration.isZero()) {
      imposed.add(new Imposed(system, target, call, start, duration));
    }
  }

  /** The durations imposed on purpose since this journal was made or cleared, in the order they were noted. */
  public List<Imposed> imposed() {
    return List.copyOf(imposed);
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public List<Entry> entries(String system) {
    return entries.stream().filter(e -> e.system().equals(system)).toList();
  }

  public long count(String system, String operation) {
    return entries.stream().filter(e -> e.system().equals(system) && e.operation().equals(operation)).count();
  }

  public synchronized void clear() {
    entries.clear();
    imposed.clear();
    if (file != null) {
      LabState.write(file, "");
    }
  }
}
