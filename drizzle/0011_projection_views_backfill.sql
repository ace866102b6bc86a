-- Fill the new projections from the log as it stands, so an upgraded site shows its guards,
-- its last scans and today's counters at once instead of starting empty.
insert into guard_position (site, guard, seq, checkpoint, device, at)
select distinct on (e.stream, e.data ->> 'guard') e.stream, e.data ->> 'guard', e.seq, e.data ->> 'checkpoint', e.source_id,
	to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
from event e
where e.type = 'CheckpointScanned' and (e.data ->> 'test') is null and coalesce(e.data ->> 'guard', '') <> ''
order by e.stream, e.data ->> 'guard', e.seq desc
on conflict do nothing;
--> statement-breakpoint
insert into recent_scan (site, scans)
select stream, jsonb_agg(jsonb_build_object('id', seq::text, 'site', stream, 'seq', seq, 'guard', guard, 'checkpoint', checkpoint, 'device', device, 'at', at) order by seq desc)
from (
	select e.stream, e.seq, e.data ->> 'guard' as guard, e.data ->> 'checkpoint' as checkpoint, e.source_id as device,
		to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
		row_number() over (partition by e.stream order by e.seq desc) as n
	from event e where e.type = 'CheckpointScanned'
) x where n <= 3
group by stream
on conflict do nothing;
--> statement-breakpoint
insert into daily_count (site, day, counts)
select site, day, jsonb_object_agg(type, n) from (
	select e.stream as site, to_char(e.received_at at time zone s.time_zone, 'YYYY-MM-DD') as day, e.type, count(*) as n
	from event e join site s on s.id = e.stream
	where e.received_at >= now() - interval '2 days'
	group by 1, 2, 3
) x group by site, day
on conflict do nothing;
