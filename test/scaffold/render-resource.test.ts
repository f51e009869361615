import path from 'node:path';
import { parseResource } from '../../src/scaffold/parse-resource';
import { readProjectIndex } from '../../src/scaffold/project-index';
import { renderResource } from '../../src/scaffold/render-resource';

const project = readProjectIndex(path.join(__dirname, '..', '..'));
const render = (name: string, ...fields: string[]) => {
  const files = renderResource(parseResource({ name, fields }, project));
  return { paths: files.map((file) => file.path), source: (suffix: string) => files.find((file) => file.path.endsWith(suffix))!.content };
};

/** The conventions the generated files must keep; that they compile, migrate and pass is make-resource.e2e.test.ts. */
describe('make:resource templates', () => {
  it('writes each layer where the hand-written resources live, multi-word names in kebab-case', () => {
    expect(render('OrderLine', 'name:string:80').paths).toEqual([
      'src/entities/order-line.entity.ts',
      'src/entities/order-line.dto.ts',
      'src/repositories/order-lines.repository.ts',
      'src/services/order-lines.service.ts',
      'src/routes/order-lines.routes.ts',
      'src/modules/order-lines.module.ts',
      'src/seeds/order-lines.seed.ts',
      'test/routes/order-lines.routes.test.ts',
    ]);
  });

  it('names uniques UQ_<table>_<column>, indexes each sort field with id and each reference, and types every column', () => {
    const entity = render('Coupon', 'code:string:20:unique', 'note:text?', 'ownerId:ref(User)').source('.entity.ts');
    expect(entity).toContain("@Unique('UQ_coupons_code', ['code'])");
    expect(entity).toContain("@Index(['code', 'id'])");
    expect(entity).not.toContain("@Index(['note', 'id'])");
    expect(entity).toContain("@Index()\n  @Column({ type: 'int' })\n  ownerId: number;");
    expect(entity).toContain("@JoinColumn({ name: 'owner_id' })");
    expect(entity.match(/@Column\(\{ type: /g)).toHaveLength(3);
  });

  it('spells presence as the DTOs do: required, @Optional() with a default, @Nullable() when nullable', () => {
    const dto = render('Ticket', 'title:string:100', 'priority:int=3', 'state:enum(open,closed)?').source('.dto.ts');
    expect(dto).toContain('  @IsString()\n  @TextLength(1, 100)\n  title: string;');
    expect(dto).toContain('  @Optional()\n  @IsInt()\n  @Min(MIN_INT)\n  @Max(MAX_INT)\n  priority?: number;');
    expect(dto).toContain('  @Nullable()\n  @IsIn(TICKET_STATES)\n  state?: TicketState | null;');
    expect(dto).toContain("export const TICKET_SORT_FIELDS = ['id', 'title', 'priority', 'createdAt', 'updatedAt'] as const;");
    expect(dto).toContain('export class UpdateTicketDto extends PartialDto(CreateTicketDto) {}');
  });

  it('keeps repositories and services thin subclasses, adding only the reference checks and datetime parsing they need', () => {
    const plain = render('Tag', 'label:string:40');
    expect(plain.source('.service.ts')).toContain("super('Tag', repository, {});");
    expect(plain.source('.service.ts')).not.toContain('override');
    expect(plain.source('.repository.ts')).toContain('export class TagsRepository extends CrudRepository<Tag> {');
    const dated = render('Event', 'startsAt:datetime', 'venueId:ref(Product)').source('.service.ts');
    expect(dated).toContain("throw new ReferenceNotFoundError('venueId', 'Product');");
    expect(dated).toContain('return super.create(withDates(dto), actor);');
  });

  it('writes no seed when no field tells sample rows apart', () => {
    expect(render('Counter', 'value:int', 'enabled:bool').paths).not.toContain('src/seeds/counters.seed.ts');
  });
});
