package dunes.vsphere;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What an OVF descriptor says it deploys, read before anything is deployed: whether it holds one
 * VirtualSystem (Dunes deploys single-VM OVFs only), the product of its main ProductSection (the
 * one without {@code ovf:class}: OVF 1.1 section 9.5, {@code Product}, {@code Vendor},
 * {@code Version}, {@code FullVersion}), and every property key a deployed VM will carry.
 *
 * @param virtualSystems how many VirtualSystems the Envelope holds, directly or in a collection
 * @param collection whether they sit in a VirtualSystemCollection (a multi-VM vApp)
 * @param product empty strings when the descriptor states none
 */
public record OvfProduct(int virtualSystems, boolean collection, String product, String vendor, String version,
    String fullVersion, Set<String> propertyKeys) {

  /** "VMware vCenter Orchestrator Appliance 5.5.2.1 (5.5.2.1 Build 2114116)", or what of it the descriptor states. */
  public String describe() {
    String name = (product + " " + version).strip();
    if (name.isEmpty()) {
      name = "a product the OVF does not name (no ProductSection without ovf:class)";
    }
    return fullVersion.isEmpty() || fullVersion.equals(version) ? name : name + " (" + fullVersion + ")";
  }

  public static OvfProduct read(Path descriptor) {
    Element root = OvfDescriptor.root(descriptor);
    List<Element> systems = descendants(root, "VirtualSystem");
    boolean collection = !descendants(root, "VirtualSystemCollection").isEmpty();
    Element main = systems.size() == 1 ? mainProductSection(systems.get(0)) : null;
    return new OvfProduct(systems.size(), collection, text(main, "Product"), text(main, "Vendor"),
        text(main, "Version"), text(main, "FullVersion"), OvfPropertyKeys.read(descriptor));
  }

  private static Element mainProductSection(Element system) {
    for (Node n = system.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ovf(e, "ProductSection") && e.getAttributeNS(OvfDescriptor.OVF_NS, "class").isEmpty()) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element section, String child) {
    if (section == null) {
      return "";
    }
    for (Node n = section.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ovf(e, child)) {
        return e.getTextContent().strip();
      }
    }
    return "";
  }

  private static List<Element> descendants(Element root, String localName) {
    List<Element> found = new ArrayList<>();
    var list = root.getElementsByTagNameNS(OvfDescriptor.OVF_NS, localName);
    for (int i = 0; i < list.getLength(); i++) {
      found.add((Element) list.item(i));
    }
    return found;
  }

  private static boolean ovf(Element e, String localName) {
    return OvfDescriptor.OVF_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
  }
}
