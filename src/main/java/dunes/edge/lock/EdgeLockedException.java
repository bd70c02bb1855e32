package dunes.edge.lock;

/**
 * A step that changes the edge found another build holding it. Thrown, not a BPMN error: the job
 * is retried (the holder may finish or its lease run out) and otherwise becomes an incident that
 * names the holder.
 */
public class EdgeLockedException extends IllegalStateException {

  private final transient EdgeLockHolder holder;

  public EdgeLockedException(String what, EdgeLockHolder holder) {
    super(what + ": " + holder.describe());
    this.holder = holder;
  }

  public EdgeLockHolder holder() {
    return holder;
  }
}
