// Writes and reads through cqlmirror with the Java driver 4.x: prepared inserts and batches with
// server-side timestamps (the proxy's), a paged read, and what the driver learns of the cluster's
// nodes. The Go e2e test checks each cluster directly, WRITETIME included.
// Usage: java DriverCheck HOST PORT LOCAL_DC KEYSPACE
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.internal.core.time.ServerSideTimestampGenerator;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.net.InetSocketAddress;
import java.util.TreeSet;

public class DriverCheck {
  public static void main(String[] args) {
    String host = args[0], dc = args[2], ks = args[3];
    int port = Integer.parseInt(args[1]);
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter(dc)
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withClass(DefaultDriverOption.TIMESTAMP_GENERATOR_CLASS, ServerSideTimestampGenerator.class)
            .build())
        .build()) {
      System.out.println("protocol_version=" + session.getContext().getProtocolVersion());
      TreeSet<String> nodes = new TreeSet<>();
      for (Node n : session.getMetadata().getNodes().values()) {
        nodes.add(n.getEndPoint().resolve().toString());
      }
      System.out.println("nodes=" + String.join(",", nodes));

      session.execute("DROP KEYSPACE IF EXISTS " + ks);
      session.execute("CREATE KEYSPACE " + ks
          + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE " + ks + ".kv (k int PRIMARY KEY, v text)");
      PreparedStatement insert = session.prepare("INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)");
      for (int k = 0; k < 25; k++) {
        session.execute(insert.bind(k, "java-" + k));
      }
      session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED)
          .add(insert.bind(100, "java-batch-prepared"))
          .add(SimpleStatement.newInstance("INSERT INTO " + ks + ".kv (k, v) VALUES (101, 'java-batch-simple')")));
      session.execute(BatchStatement.newInstance(DefaultBatchType.UNLOGGED).add(insert.bind(102, "java-unlogged")));
      ResultSet rs = session.execute(SimpleStatement.newInstance("SELECT k, v FROM " + ks + ".kv").setPageSize(4));
      int rows = 0;
      for (Row r : rs) {
        if (r.getInt("k") >= 100) {
          continue;
        }
        if (!r.getString("v").equals("java-" + r.getInt("k"))) {
          throw new IllegalStateException("row " + r.getInt("k") + " reads " + r.getString("v"));
        }
        rows++;
      }
      System.out.println("paged_rows=" + rows);
    }
  }
}
