package dunes.vsphere;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The environment keys of an OVF descriptor's properties, as a deployed VM will carry them. */
public final class OvfPropertyKeys {

  private static final String OVF = "http://schemas.dmtf.org/ovf/envelope/1";

  private OvfPropertyKeys() {}

  public static Set<String> read(Path descriptor) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      NodeList sections = factory.newDocumentBuilder().parse(descriptor.toFile())
          .getElementsByTagNameNS(OVF, "ProductSection");
      Set<String> keys = new LinkedHashSet<>();
      for (int i = 0; i < sections.getLength(); i++) {
        Element section = (Element) sections.item(i);
        String classId = section.getAttributeNS(OVF, "class");
        String instance = section.getAttributeNS(OVF, "instance");
        NodeList properties = section.getElementsByTagNameNS(OVF, "Property");
        for (int j = 0; j < properties.getLength(); j++) {
          String id = ((Element) properties.item(j)).getAttributeNS(OVF, "key");
          String key = classId.isEmpty() ? id : classId + "." + id;
          keys.add(instance.isEmpty() ? key : key + "." + instance);
        }
      }
      return keys;
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new VSphereException("cannot read the OVF properties of " + descriptor + ": " + e.getMessage(), e);
    }
  }
}
