package dunes.edge.steps;

import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;
import static dunes.xml.XmlText.children;

import dunes.edge.xml.Vnic;
import dunes.xml.XmlText;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * The edge stage's changes as edits of the manager's own text: each one changes only the elements
 * the step owns and leaves every other element as the manager wrote it, as VMware's own client
 * merges the full current object before a PUT (PROTOCOLS.md corrections; vmware-archive/vmware-vshield
 * lib/puppet/provider/vshield_edge/default.rb, vshield_loadbalancer_pool/default.rb).
 */
final class EdgeEdits {

  static final String POOL = "pool";
  static final String VIRTUAL_SERVER = "virtualServer";

  private EdgeEdits() {}

  /** The vNIC with {@code ip} appended to the first address group's {@code secondaryAddresses}. */
  static String withSecondaryAddress(String vnicXml, String ip) {
    XmlText vnic = XmlText.parse(vnicXml, "vnic");
    Element group = child(vnic.root(), "addressGroups").flatMap(g -> child(g, "addressGroup"))
        .orElseThrow(() -> new IllegalArgumentException("the vNIC has no address group"));
    Element secondary = child(group, "secondaryAddresses").orElseGet(() -> {
      // documented order: primaryAddress, secondaryAddresses, subnetMask
      Element created = XmlText.create(group, "secondaryAddresses", null);
      Element after = child(group, "primaryAddress").map(EdgeEdits::nextElement).orElse(null);
      XmlText.insertBefore(group, created, after);
      return created;
    });
    XmlText.insertBefore(secondary, XmlText.create(secondary, "ipAddress", ip), null);
    return vnic.text();
  }

  /**
   * The vNIC without {@code ip} in any group's secondary addresses; a list left empty goes away
   * unless {@code before}'s group at the same place had one. Empty when the vNIC does not hold it.
   */
  static Optional<String> withoutSecondaryAddress(String vnicXml, String ip, Vnic before) {
    XmlText vnic = XmlText.parse(vnicXml, "vnic");
    List<Element> groups = child(vnic.root(), "addressGroups").map(g -> children(g, "addressGroup")).orElse(List.of());
    boolean changed = false;
    for (int i = 0; i < groups.size(); i++) {
      Optional<Element> secondary = child(groups.get(i), "secondaryAddresses");
      if (secondary.isEmpty()) {
        continue;
      }
      for (Element address : children(secondary.get(), "ipAddress")) {
        if (ip.equals(address.getTextContent().strip())) {
          XmlText.remove(address);
          changed = true;
        }
      }
      if (children(secondary.get(), "ipAddress").isEmpty() && !hadSecondaryAddresses(before, i)) {
        XmlText.remove(secondary.get());
      }
    }
    return changed ? Optional.of(vnic.text()) : Optional.empty();
  }

  /** The load balancer configuration with {@code <enabled>} set. */
  static String withEnabled(String configXml, boolean enabled) {
    XmlText config = XmlText.parse(configXml, "loadBalancer");
    XmlText.setChildText(config.root(), "enabled", Boolean.toString(enabled));
    return config.text();
  }

  /** The text of the pool or virtual server named {@code name} in a configuration, as the manager wrote it. */
  static Optional<String> object(String configXml, String kind, String name) {
    XmlText config = XmlText.parse(configXml, "loadBalancer");
    return children(config.root(), kind).stream()
        .filter(e -> childText(e, "name").filter(name::equals).isPresent())
        .findFirst().map(XmlText::write);
  }

  /**
   * {@code current} with its children named in {@code owned} replaced by {@code desired}'s, where
   * the first of them stood; every other child stays as the manager wrote it.
   */
  static String merged(String current, String desired, String root, Set<String> owned) {
    XmlText target = XmlText.parse(current, root);
    XmlText wanted = XmlText.parse(desired, root);
    List<Element> existing = children(target.root());
    Element anchor = null; // the first other child after the owned ones: the new ones go before it
    boolean seenOwned = false;
    for (Element element : existing) {
      if (owned.contains(element.getLocalName())) {
        seenOwned = true;
      } else if (seenOwned) {
        anchor = element;
        break;
      }
    }
    existing.stream().filter(e -> owned.contains(e.getLocalName())).forEach(XmlText::remove);
    for (Element element : children(wanted.root())) {
      if (owned.contains(element.getLocalName())) {
        XmlText.insertBefore(target.root(), XmlText.adoptCompact(target.root(), element), anchor);
      }
    }
    return target.text();
  }

  /**
   * The pool with each member's {@code weight} set to {@code weightOf(ipAddress)}; empty when no
   * weight changes.
   */
  static Optional<String> withWeights(String poolXml, Function<String, Integer> weightOf) {
    XmlText pool = XmlText.parse(poolXml, POOL);
    boolean changed = false;
    for (Element member : children(pool.root(), "member")) {
      String weight = Integer.toString(weightOf.apply(childText(member, "ipAddress").orElse("")));
      if (!Objects.equals(childText(member, "weight").orElse(null), weight)) {
        Optional<Element> existing = child(member, "weight");
        if (existing.isPresent()) {
          existing.get().setTextContent(weight);
        } else {
          // documented order: ipAddress, weight, servicePort
          Element after = child(member, "ipAddress").map(EdgeEdits::nextElement).orElse(null);
          XmlText.insertBefore(member, XmlText.create(member, "weight", weight), after);
        }
        changed = true;
      }
    }
    return changed ? Optional.of(pool.text()) : Optional.empty();
  }

  private static boolean hadSecondaryAddresses(Vnic before, int group) {
    return before != null && before.addressGroups != null && group < before.addressGroups.groups.size()
        && before.addressGroups.groups.get(group).secondaryAddresses != null;
  }

  private static Element nextElement(Element element) {
    for (var node = element.getNextSibling(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element next) {
        return next;
      }
    }
    return null;
  }
}
