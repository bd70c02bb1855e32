package dunes.vsphere;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The environment keys of an OVF descriptor's properties, as a deployed VM will carry them. */
public final class OvfPropertyKeys {

  private OvfPropertyKeys() {}

  public static Set<String> read(Path descriptor) {
    try {
      NodeList sections = OvfDescriptor.parser().parse(descriptor.toFile())
          .getElementsByTagNameNS(OvfDescriptor.OVF_NS, "ProductSection");
      Set<String> keys = new LinkedHashSet<>();
      for (int i = 0; i < sections.getLength(); i++) {
        Element section = (Element) sections.item(i);
        String classId = section.getAttributeNS(OvfDescriptor.OVF_NS, "class");
        String instance = section.getAttributeNS(OvfDescriptor.OVF_NS, "instance");
        NodeList properties = section.getElementsByTagNameNS(OvfDescriptor.OVF_NS, "Property");
        for (int j = 0; j < properties.getLength(); j++) {
          String id = ((Element) properties.item(j)).getAttributeNS(OvfDescriptor.OVF_NS, "key");
          String key = classId.isEmpty() ? id : classId + "." + id;
          keys.add(instance.isEmpty() ? key : key + "." + instance);
        }
      }
      return keys;
    } catch (IOException | SAXException e) {
      throw new VSphereException("cannot read the OVF properties of " + descriptor + ": " + e.getMessage(), e);
    }
  }
}
