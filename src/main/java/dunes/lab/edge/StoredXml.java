package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;

import dunes.xml.InvalidXmlException;
import dunes.xml.XmlText;

/**
 * A text the manager holds (the load balancer configuration, an object of it, a vNIC) as
 * {@link XmlText} keeps it, so that the lab keeps every element a client sent, known to the lab or
 * not, and answers it back as written. A body that is malformed, has a DTD or another root
 * element is the manager's 400.
 */
final class StoredXml {

  private StoredXml() {}

  /** @throws EdgeApiException (400) when the text is not well-formed, has a DTD, or another root */
  static XmlText parse(String xml, String root) {
    try {
      return XmlText.parse(xml, root);
    } catch (InvalidXmlException e) {
      throw badRequest(e.getMessage());
    }
  }
}
