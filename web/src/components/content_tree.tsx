// The recipients' content customisation tree (guide 5.3.2): one checkbox per group and per field,
// built from the schema so new report fields appear without GUI changes. Unchecking a group
// disables its fields; checking a field enables its group.
import { schemaChildren } from '../validation';

type Tree = Record<string, Record<string, boolean>>;

export function ContentTree(props: { path: string; value: Tree; onChange: (v: Tree) => void }) {
  const groups = schemaChildren(props.path);
  const setGroup = (g: string, on: boolean) => {
    const fields = Object.fromEntries(schemaChildren(`${props.path}.${g}`).map(f => [f, on]));
    props.onChange({ ...props.value, [g]: { ...fields, enabled: on } });
  };
  const setField = (g: string, f: string, on: boolean) =>
    props.onChange({ ...props.value, [g]: { ...props.value[g], [f]: on, ...(on ? { enabled: true } : {}) } });
  return (
    <ul class="tree">
      {groups.map(g => (
        <li>
          <label><input type="checkbox" checked={props.value[g]?.enabled ?? true} onChange={e => setGroup(g, (e.target as HTMLInputElement).checked)} /> {g}</label>
          <ul>
            {schemaChildren(`${props.path}.${g}`).filter(f => f !== 'enabled').map(f => (
              <li><label><input type="checkbox" checked={props.value[g]?.[f] ?? true} onChange={e => setField(g, f, (e.target as HTMLInputElement).checked)} /> {f}</label></li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
