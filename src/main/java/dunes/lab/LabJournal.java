package dunes.lab;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every state-changing call the lab's systems received, in order: what tests read to prove that
 * a step acted exactly once, and what an operator reads to see what a build did to the lab.
 */
public final class LabJournal {

  /**
   * @param system ca, edge, node, vsphere, changes
   * @param target the object acted on: a node name, an edge id, a request id
   * @param operation what was done, e.g. "submit", "publish", "restart"
   */
  public record Entry(long seq, Instant at, String system, String target, String operation, String detail) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  public Entry record(String system, String target, String operation, String detail) {
    Entry entry = new Entry(sequence.incrementAndGet(), Instant.now(), system, target, operation, detail);
    entries.add(entry);
    return entry;
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

  public void clear() {
    entries.clear();
  }
}
