package dunes.edge;

import dunes.edge.xml.InvalidEdgeXmlException;
import dunes.xml.XmlText;
import java.util.Optional;
import org.w3c.dom.Element;

/** Reads NSX-v's {@code <globalInfo><versionInfo>} (vmware-archive/nsxraml nsxvapi.raml, "globalInfoRead"). */
final class GlobalInfo {

  private GlobalInfo() {}

  static ManagerVersion version(String xml, String path) {
    Element info = XmlText.parse(xml, "globalInfo").root();
    Optional<Element> version = XmlText.child(info, "versionInfo");
    Integer major = version.flatMap(v -> number(v, "majorVersion")).orElse(null);
    if (major == null) {
      throw new InvalidEdgeXmlException("<globalInfo> without versionInfo/majorVersion");
    }
    return new ManagerVersion(path, major, version.flatMap(v -> number(v, "minorVersion")).orElse(null),
        version.flatMap(v -> number(v, "patchVersion")).orElse(null),
        version.flatMap(v -> XmlText.childText(v, "buildNumber")).orElse(null));
  }

  private static Optional<Integer> number(Element parent, String name) {
    return XmlText.childText(parent, name).filter(t -> t.matches("\\d{1,6}")).map(Integer::valueOf);
  }
}
