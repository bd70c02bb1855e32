package dunes.lab.edge;

import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;
import static dunes.xml.XmlText.children;

import dunes.xml.XmlText;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * An edge's load balancer configuration as the manager stores it: the text of the last whole PUT,
 * with every pool and virtual server added, replaced or removed since as the client sent it, and
 * the ids the manager assigned. One instance per change: parsed from the stored text, edited,
 * written back only when the change is accepted.
 *
 * <p>Where the manager puts what it adds (vShield 5.x answers are not published; assumed from the
 * same edge model as vCloud 5.1 {@code network.xsd}, whose pool has {@code Id} first and whose
 * service has {@code IsEnabled}, {@code Pool*}, {@code VirtualServer*} in this order): an id is the
 * object's first element; a new pool follows the last pool (else precedes the first virtual server),
 * a new virtual server follows the last virtual server (else the last element).
 */
final class LoadBalancerDocument {

  /** The configuration of an edge whose load balancer was never configured (or was deleted). */
  static final String EMPTY = "<loadBalancer>\n  <enabled>false</enabled>\n</loadBalancer>";

  /** A kind of object in the configuration: its element, and the prefix of the ids the manager gives it. */
  enum Kind {
    POOL("pool", "pool-", "pool"),
    VIRTUAL_SERVER("virtualServer", "virtualServer-", "virtual server");

    final String element;
    final String idPrefix;
    final String noun;

    Kind(String element, String idPrefix, String noun) {
      this.element = element;
      this.idPrefix = idPrefix;
      this.noun = noun;
    }
  }

  private final XmlText xml;

  private LoadBalancerDocument(XmlText xml) {
    this.xml = xml;
  }

  /** @throws EdgeApiException (400) for malformed XML or another root element */
  static LoadBalancerDocument parse(String text) {
    return new LoadBalancerDocument(StoredXml.parse(text, "loadBalancer"));
  }

  /** One {@code <pool>} or {@code <virtualServer>} body, parsed on its own. */
  static Element object(Kind kind, String text) {
    return StoredXml.parse(text, kind.element).root();
  }

  String text() {
    return xml.text();
  }

  LoadBalancerValues values() {
    return LoadBalancerValues.read(xml.root());
  }

  List<Element> objects(Kind kind) {
    return children(xml.root(), kind.element);
  }

  Optional<Element> find(Kind kind, String id) {
    return objects(kind).stream().filter(e -> childText(e, "id").filter(id::equals).isPresent()).findFirst();
  }

  /** {@code object} (from any document) placed where the manager puts a new one of its kind. */
  void add(Kind kind, Element object) {
    Element placed = XmlText.adoptVerbatim(xml.root(), object);
    anchor(kind).ifPresentOrElse(after -> XmlText.insertAfter(after, placed),
        () -> XmlText.insertFirst(xml.root(), placed));
  }

  /** The element a new object of {@code kind} follows; empty when it comes first. */
  private Optional<Element> anchor(Kind kind) {
    List<Element> same = objects(kind);
    if (!same.isEmpty()) {
      return Optional.of(same.get(same.size() - 1));
    }
    List<Element> all = children(xml.root());
    int end = all.size();
    if (kind == Kind.POOL) { // pools come before the virtual servers
      end = objects(Kind.VIRTUAL_SERVER).stream().findFirst().map(all::indexOf).orElse(end);
    }
    return end == 0 ? Optional.empty() : Optional.of(all.get(end - 1));
  }

  /** {@code object} (from any document) in the place of {@code current}, whitespace around it untouched. */
  void replace(Element current, Element object) {
    xml.root().replaceChild(XmlText.adoptVerbatim(xml.root(), object), current);
  }

  void remove(Element object) {
    XmlText.remove(object);
  }

  /**
   * A virtual server may name a pool of the same request by {@code <pool><name>…</name></pool>}:
   * the reference gets the pool's id as its first element.
   */
  void resolvePoolNames() {
    for (Element server : objects(Kind.VIRTUAL_SERVER)) {
      child(server, "pool").filter(ref -> child(ref, "id").isEmpty()).ifPresent(ref ->
          childText(ref, "name").flatMap(name -> objects(Kind.POOL).stream()
                  .filter(p -> childText(p, "name").filter(name::equals).isPresent()).findFirst())
              .flatMap(pool -> childText(pool, "id"))
              .ifPresent(id -> XmlText.insertFirst(ref, XmlText.create(ref, "id", id))));
    }
  }

  /**
   * The documented list answer, {@code <loadBalancer><pool>…</pool></loadBalancer>} (or
   * {@code <virtualServer>}): each object exactly as stored, nothing else (vmware-archive/vmware-vshield
   * {@code vshield_loadbalancer_pool/default.rb} and {@code vshield_loadbalancer_vip/default.rb} read
   * {@code loadBalancer/pool} and {@code loadBalancer/virtualServer}).
   */
  String list(Kind kind) {
    return objects(kind).stream().map(o -> "  " + XmlText.write(o) + "\n")
        .collect(Collectors.joining("", "<loadBalancer>\n", "</loadBalancer>"));
  }
}
