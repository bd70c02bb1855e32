package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** {@code <pool>}: members and, per service port, the balancing algorithm and health check. */
@XmlRootElement(name = "pool")
public class Pool {

  /** assigned by the manager, e.g. {@code pool-1} */
  public String id;
  public String name;
  public String description;
  @XmlElement(name = "servicePort")
  public List<ServicePort> servicePorts = new ArrayList<>();
  @XmlElement(name = "member")
  public List<Member> members = new ArrayList<>();
}
