package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;
import static dunes.lab.edge.EdgeApiException.notFound;
import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;

import dunes.lab.LabJournal;
import dunes.lab.edge.LoadBalancerDocument.Kind;
import dunes.xml.XmlText;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * One edge's management state — its vNICs and its load balancer configuration, each kept as the
 * text the manager was given — and the only way to change it: every change is validated whole,
 * published to the listeners, then journalled. A refused change leaves the text and the listeners
 * as they were.
 */
final class Edge {

  private final String id;
  private final String name;
  private final LabJournal journal;
  private final RoutePlanner planner;
  private final LoadBalancerRuntime runtime;
  private final EdgeInterfaces interfaces;
  /** The load balancer configuration exactly as GET answers it. */
  private String config = LoadBalancerDocument.EMPTY;
  /** The number of the next id per kind: ids are never reused. */
  private final EnumMap<Kind, Integer> nextId = new EnumMap<>(Kind.class);

  private final EdgeStore store;

  Edge(String id, String name, EdgeInterfaces interfaces, LabJournal journal, RoutePlanner planner,
      LoadBalancerRuntime runtime) {
    this(id, name, interfaces, journal, planner, runtime, new EdgeStore(null));
  }

  /** An edge that keeps what it holds in {@code store} and starts from what is kept there, listeners included. */
  Edge(String id, String name, EdgeInterfaces interfaces, LabJournal journal, RoutePlanner planner,
      LoadBalancerRuntime runtime, EdgeStore store) {
    this.id = id;
    this.name = name;
    this.interfaces = interfaces;
    this.journal = journal;
    this.planner = planner;
    this.runtime = runtime;
    this.store = store;
    store.load().ifPresent(kept -> {
      kept.vnics().forEach(interfaces::put);
      nextId.putAll(kept.nextId());
      LoadBalancerDocument restored = LoadBalancerDocument.parse(kept.config());
      restored.resolvePoolNames();
      runtime.publish(planner.plan(restored.values()));
      config = kept.config();
    });
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  synchronized String configXml() {
    return config;
  }

  synchronized Set<String> listening() {
    return runtime.listening();
  }

  /** Replaces the whole configuration with {@code text}; a pool or virtual server without an id gets one. */
  synchronized void putConfig(String text) {
    LoadBalancerDocument next = LoadBalancerDocument.parse(text);
    for (Kind kind : Kind.values()) {
      next.objects(kind).forEach(object -> keepOrAssignId(kind, object));
    }
    commit(next, "put-config", values -> "enabled=" + values.enabled()
        + " pools=" + values.pools().stream().map(LoadBalancerValues.Pool::name).toList()
        + " virtualServers=" + values.virtualServers().stream().map(LoadBalancerValues.VirtualServer::name).toList());
  }

  synchronized void deleteConfig() {
    commit(LoadBalancerDocument.parse(LoadBalancerDocument.EMPTY), "delete-config", values -> "");
  }

  /** {@code <loadBalancer><pool>…</pool></loadBalancer>}, or the same of virtual servers. */
  synchronized String listXml(Kind kind) {
    return LoadBalancerDocument.parse(config).list(kind);
  }

  /** The object as stored: what the client sent, with the id the manager gave it. */
  synchronized String objectXml(Kind kind, String objectId) {
    return XmlText.write(existing(LoadBalancerDocument.parse(config), kind, objectId));
  }

  /** Adds the object under the next id (one in the body is replaced: the manager assigns ids); returns the id. */
  synchronized String add(Kind kind, String text) {
    Element object = LoadBalancerDocument.object(kind, text);
    child(object, "id").ifPresent(XmlText::remove);
    String objectId = assignId(kind, object);
    change(doc -> doc.add(kind, object), operation("add", kind), objectId + " " + nameOf(object));
    return objectId;
  }

  /** Replaces the object with the whole {@code text}, under its id (added as the first element when absent). */
  synchronized void update(Kind kind, String objectId, String text) {
    Element object = LoadBalancerDocument.object(kind, text);
    Optional<String> bodyId = childText(object, "id");
    if (bodyId.isPresent() && !bodyId.get().equals(objectId)) {
      throw badRequest(kind.noun + " id " + bodyId.get() + " in the body does not match " + objectId
          + " in the address");
    }
    if (bodyId.isEmpty()) {
      XmlText.insertFirst(object, XmlText.create(object, "id", objectId));
    }
    change(doc -> doc.replace(existing(doc, kind, objectId), object), operation("update", kind),
        objectId + " " + nameOf(object));
  }

  /** Deletes the object; a pool that a virtual server forwards to stays. */
  synchronized void delete(Kind kind, String objectId) {
    change(doc -> {
      Element object = existing(doc, kind, objectId);
      if (kind == Kind.POOL) {
        doc.values().virtualServers().stream().filter(v -> objectId.equals(v.poolId())).findFirst().ifPresent(v -> {
          throw badRequest("pool '" + objectId + "' is in use by virtual server '" + v.name() + "'");
        });
      }
      doc.remove(object);
    }, operation("delete", kind), objectId);
  }

  /** vNIC {@code index} exactly as it was put. */
  synchronized String vnicXml(int index) {
    return interfaces.text(index);
  }

  /** Replaces the vNIC with the whole text, once it has every field the manager requires. */
  synchronized void putVnic(int index, String text) {
    String previous = interfaces.text(index);
    Set<String> addresses = VnicValidator.validate(index, text);
    interfaces.put(index, text);
    try {
      ConfigValidator.validate(id, LoadBalancerDocument.parse(config).values(), interfaces.addresses());
    } catch (EdgeApiException e) {
      interfaces.put(index, previous);
      throw badRequest("vnic " + index + " cannot drop an address a virtual server uses: " + e.getMessage());
    }
    save();
    journal.record("edge", id, "update-vnic", "vnic " + index + " addresses " + addresses
        + " changed " + VnicChanges.between(previous, text));
  }

  private void change(Consumer<LoadBalancerDocument> edit, String operation, String detail) {
    LoadBalancerDocument next = LoadBalancerDocument.parse(config);
    edit.accept(next);
    commit(next, operation, values -> detail);
  }

  private void commit(LoadBalancerDocument next, String operation, Function<LoadBalancerValues, String> detail) {
    next.resolvePoolNames();
    LoadBalancerValues values = next.values();
    ConfigValidator.validate(id, values, interfaces.addresses());
    runtime.publish(planner.plan(values));
    config = next.text();
    save();
    journal.record("edge", id, operation, detail.apply(values));
    journal.record("edge", id, "publish", "listening on " + runtime.listening());
  }

  private void save() {
    Map<Integer, String> vnics = new TreeMap<>();
    for (int index = 0; index < EdgeInterfaces.COUNT; index++) {
      vnics.put(index, interfaces.text(index));
    }
    store.save(new EdgeStore.Snapshot(config, vnics, new EnumMap<>(nextId)));
  }

  /** An object that carries an id keeps it (later ids come after it); one without gets the next. */
  private void keepOrAssignId(Kind kind, Element object) {
    Optional<String> given = childText(object, "id");
    if (given.isPresent()) {
      nextId.merge(kind, numberIn(given.get()) + 1, Math::max);
    } else {
      assignId(kind, object);
    }
  }

  /** The next id of the kind, added as the object's first element. */
  private String assignId(Kind kind, Element object) {
    int number = nextId.getOrDefault(kind, 1);
    nextId.put(kind, number + 1);
    String assigned = kind.idPrefix + number;
    XmlText.insertFirst(object, XmlText.create(object, "id", assigned));
    return assigned;
  }

  private Element existing(LoadBalancerDocument doc, Kind kind, String objectId) {
    return doc.find(kind, objectId)
        .orElseThrow(() -> notFound(kind.noun + " '" + objectId + "' does not exist on " + id));
  }

  /** The journal's names: add-pool, update-virtual-server, … */
  private static String operation(String verb, Kind kind) {
    return verb + "-" + kind.noun.replace(' ', '-');
  }

  private static String nameOf(Element object) {
    return childText(object, "name").orElse(null);
  }

  private static int numberIn(String id) {
    String digits = id.replaceAll("^.*?(\\d+)$", "$1");
    return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : 0;
  }
}
