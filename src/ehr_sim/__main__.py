from ehr_sim.cli import main

raise SystemExit(main())
