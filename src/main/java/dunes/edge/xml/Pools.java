package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** The list answered by {@code GET …/loadbalancer/config/pools} (wrapper name: lab's choice). */
@XmlRootElement(name = "pools")
public class Pools {

  @XmlElement(name = "pool")
  public List<Pool> pools = new ArrayList<>();
}
