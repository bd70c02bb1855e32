package dunes.edge.xml;

/** {@code <pool><id>pool-1</id></pool>} inside a virtual server. */
public class PoolRef {

  public String id;
  /** Accepted by the lab when the pool has no id yet (a new pool in the same PUT). */
  public String name;
}
