package dunes.lab.edge;

import dunes.xml.XmlText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Element;

/** Which of a vNIC's fields a PUT changed, added or dropped, for the journal: what a client really touched. */
final class VnicChanges {

  private VnicChanges() {}

  /** E.g. {@code [addressGroups]}; fields compared as the text they carry. */
  static Set<String> between(String before, String after) {
    Map<String, String> was = fields(before);
    Map<String, String> is = fields(after);
    Set<String> changed = new TreeSet<>();
    was.forEach((name, text) -> {
      if (!text.equals(is.get(name))) {
        changed.add(name);
      }
    });
    is.keySet().stream().filter(name -> !was.containsKey(name)).forEach(changed::add);
    return changed;
  }

  private static Map<String, String> fields(String vnic) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element field : XmlText.children(StoredXml.parse(vnic, "vnic").root())) {
      fields.merge(field.getLocalName(), XmlText.write(field), String::concat);
    }
    return fields;
  }
}
