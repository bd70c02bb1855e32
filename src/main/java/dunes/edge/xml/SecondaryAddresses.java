package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <secondaryAddresses><ipAddress/>…</secondaryAddresses>}. */
public class SecondaryAddresses {

  @XmlElement(name = "ipAddress")
  public List<String> ipAddresses = new ArrayList<>();
}
