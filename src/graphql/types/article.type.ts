import { Field, Int, ObjectType } from 'type-graphql';
import type { TextArray } from '../../domain/rows';
import { textArray } from '../../domain/text-array';
import { DateTimeScalar, IsoDateTime } from '../scalars/date-time.scalar';
import { Node } from './node.type';

/** A full article. Relations and the body are resolved by ArticleResolver through loaders. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A full news article, stored once under its canonical URL.' })
export class Article extends Node {
  rowId!: number;
  sourceId!: number;
  categoryId!: number | null;

  @Field({ description: 'Canonical URL.' })
  url!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  /** As read: parsed, or PostgreSQL's array text until the field is selected. */
  tagsValue!: TextArray;

  @Field(() => [String])
  get tags(): string[] {
    return (this.tagsValue = textArray(this.tagsValue));
  }

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag, lower-case.' })
  language!: string | null;

  @Field(() => String, { nullable: true })
  imageUrl!: string | null;

  @Field(() => DateTimeScalar)
  publishedAt!: IsoDateTime;

  @Field(() => DateTimeScalar, { nullable: true })
  updatedAt!: IsoDateTime | null;

  @Field(() => DateTimeScalar, { description: 'When Newsline first stored it.' })
  firstSeenAt!: IsoDateTime;

  @Field(() => String, { nullable: true, description: 'The original publisher when the source republishes it ("informs via POLITICO" -> "POLITICO").' })
  attribution!: string | null;

  @Field(() => Int)
  wordCount!: number;

  @Field(() => Int)
  readingTimeMinutes!: number;
}
