package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/3.0/edges}: {@code pagedEdgeList/edgePage/edgeSummary}. */
@XmlRootElement(name = "pagedEdgeList")
public class PagedEdgeList {

  public EdgePage edgePage = new EdgePage();

  public static class EdgePage {
    @XmlElement(name = "edgeSummary")
    public List<EdgeSummary> summaries = new ArrayList<>();
  }

  public static class EdgeSummary {
    public String id;
    public String name;
    /** deployed, undeployed, … */
    public String state;
  }
}
