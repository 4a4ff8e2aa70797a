# A solution is imported by "<project_id>/<solution_id>" (the IDs: data source sinch_whatsapp_solutions).
import {
  to = sinch_whatsapp_solution.shop
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/123456789012345"
}
