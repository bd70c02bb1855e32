package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <addressGroups>} of a vNIC. */
public class AddressGroups {

  @XmlElement(name = "addressGroup")
  public List<AddressGroup> groups = new ArrayList<>();
}
