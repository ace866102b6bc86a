-- The checkpoints of sites imported before the checkpoint table existed, from their stored plan.
insert into "checkpoint" ("site", "id")
select s."id", f->'properties'->>'id'
from "site" s, jsonb_array_elements(s."plan"->'features') f
where f->'properties'->>'kind' = 'checkpoint'
on conflict do nothing;
