package dunes.edge;

import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import java.util.Objects;

/**
 * When two edge objects are "the same": compared as the XML the model writes, so that the
 * manager's formatting, and fields it assigns itself (ids), never count as a difference.
 */
public final class EdgeContent {

  private EdgeContent() {}

  /** The text read and written back through the model: formatting and element order made uniform. */
  public static <T> String canonical(String xml, Class<T> type) {
    return EdgeXml.write(EdgeXml.read(xml, type));
  }

  public static <T> boolean sameXml(String a, String b, Class<T> type) {
    return canonical(a, type).equals(canonical(b, type));
  }

  /** Same name, service ports and members (in order); the id is the manager's. */
  public static boolean samePool(Pool existing, Pool desired) {
    return Objects.equals(EdgeXml.write(withoutId(existing)), EdgeXml.write(withoutId(desired)));
  }

  /** Same content, the pool referenced by id only; a missing {@code <enabled>} counts as enabled. */
  public static boolean sameVirtualServer(VirtualServer existing, VirtualServer desired) {
    return Objects.equals(EdgeXml.write(normalized(existing)), EdgeXml.write(normalized(desired)));
  }

  private static Pool withoutId(Pool pool) {
    Pool copy = EdgeXml.copy(pool, Pool.class);
    copy.id = null;
    return copy;
  }

  private static VirtualServer normalized(VirtualServer server) {
    VirtualServer copy = EdgeXml.copy(server, VirtualServer.class);
    copy.id = null;
    copy.enabled = server.isEnabled();
    if (copy.pool != null) {
      copy.pool.name = null;
    }
    return copy;
  }
}
